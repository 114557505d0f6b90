package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.ConfigurationChange.Action;
import org.slipway.api.ConfigurationChange.Key;
import org.slipway.api.ConfigurationChange.Kind;
import org.slipway.api.ConfigurationChange.Source;
import org.slipway.api.ConfigurationChoice;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;

/**
 * The three-way merge of a release configuration: base (the running release's default), theirs (the target's)
 * and ours (the value now), key by key; and the engine refusing a conflict before any change, or writing the
 * merge after the features service's deployment.
 */
public class ConfigurationMergeTest extends EngineTestSupport {

    private static final String PID = "org.example.greeter";
    private static final String TARGET = "greeter 1.2.0";

    private static ConfigurationMerge.Result merge(ConfigurationSides sides, ConfigurationChoice choice) {
        return ConfigurationMerge.merge(List.of(new ConfigurationChange(Kind.CONFIGURATION, PID, Action.KEEP,
                Map.of(), "greeter/1.2.0")), List.of(sides), choice, TARGET);
    }

    private static ConfigurationSides sides(ConfigurationSides.Mode mode, Map<String, String> base,
            Map<String, String> theirs, Map<String, String> ours) {
        return new ConfigurationSides(PID, "greeter/1.2.0", mode, base, theirs, ours);
    }

    @Test
    public void untouchedKeysTakeTheNewDefaultsEditsStayAddedKeysComeDroppedKeysGo() {
        ConfigurationMerge.Result result = merge(sides(ConfigurationSides.Mode.MERGE,
                Map.of("greeting", "Hello", "count", "1", "old", "x", "edited.old", "y", "port", "80"),
                Map.of("greeting", "Howdy", "count", "1", "added", "new", "port", "8080"),
                Map.of("greeting", "Hello", "count", "3", "old", "x", "edited.old", "mine", "port", "80",
                        "own", "o")), ConfigurationChoice.MERGE);

        assertEquals(List.of(), result.conflicts());
        ConfigurationChange change = result.changes().get(0);
        assertEquals(Action.UPDATE, change.action());
        assertEquals(List.of(
                new Key("added", null, "new", Source.RELEASE),
                new Key("count", "3", "3", Source.OPERATOR),
                new Key("greeting", "Hello", "Howdy", Source.RELEASE),
                new Key("old", "x", null, Source.RELEASE),
                new Key("port", "80", "8080", Source.RELEASE)), change.keys());
        assertEquals(List.of(new ConfigurationWrite(PID, Map.of("added", "new", "greeting", "Howdy", "port", "8080"),
                Set.of("old"), false)), result.writes());
    }

    @Test
    public void aKeyBothChangedIsAConflictNamingTheThreeValuesUnlessAChoiceDecides() {
        ConfigurationSides sides = sides(ConfigurationSides.Mode.MERGE, Map.of("greeting", "Hello"),
                Map.of("greeting", "Howdy"), Map.of("greeting", "Hi"));

        ConfigurationMerge.Result refused = merge(sides, ConfigurationChoice.MERGE);
        assertEquals(1, refused.conflicts().size());
        assertEquals("Configuration org.example.greeter, key greeting: the operator changed it to \"Hi\", and"
                + " greeter 1.2.0 changes its default from \"Hello\" to \"Howdy\"; choose with --config=ours (keep the"
                + " operator's value) or --config=theirs (take the release's)", refused.conflicts().get(0).message());

        ConfigurationMerge.Result ours = merge(sides, ConfigurationChoice.OURS);
        assertEquals(List.of(), ours.conflicts());
        assertEquals(Action.KEEP, ours.changes().get(0).action());
        assertEquals(List.of(new Key("greeting", "Hi", "Hi", Source.OPERATOR)), ours.changes().get(0).keys());
        assertEquals(List.of(), ours.writes());

        ConfigurationMerge.Result theirs = merge(sides, ConfigurationChoice.THEIRS);
        assertEquals(List.of(new Key("greeting", "Hi", "Howdy", Source.RELEASE)), theirs.changes().get(0).keys());
        assertEquals(List.of(new ConfigurationWrite(PID, Map.of("greeting", "Howdy"), Set.of(), false)),
                theirs.writes());
    }

    @Test
    public void secretValuesAreMaskedInKeysAndConflictsButWrittenAsTheyAre() {
        ConfigurationSides sides = sides(ConfigurationSides.Mode.MERGE, Map.of("api.password", "base-s3cret"),
                Map.of("api.password", "their-s3cret"), Map.of("api.password", "our-s3cret"));
        ConfigurationMerge.Result refused = merge(sides, ConfigurationChoice.MERGE);
        String shown = refused.conflicts() + " " + refused.changes();
        assertFalse(shown, shown.contains("s3cret"));
        assertTrue(shown, shown.contains("********"));

        ConfigurationMerge.Result theirs = merge(sides, ConfigurationChoice.THEIRS);
        assertEquals(Map.of("api.password", "their-s3cret"), theirs.writes().get(0).set());
        assertFalse(theirs.writes() + " " + theirs.changes(), (theirs.writes() + " " + theirs.changes()).contains("s3cret"));
    }

    @Test
    public void aConfigurationTheTargetDropsIsDeletedUnlessTheOperatorSetAKey() {
        ConfigurationMerge.Result untouched = merge(sides(ConfigurationSides.Mode.MERGE,
                Map.of("greeting", "Howdy"), null, Map.of("greeting", "Howdy")), ConfigurationChoice.MERGE);
        assertEquals(Action.DELETE, untouched.changes().get(0).action());
        assertEquals(List.of(new ConfigurationWrite(PID, Map.of(), Set.of(), true)), untouched.writes());

        ConfigurationMerge.Result edited = merge(sides(ConfigurationSides.Mode.MERGE,
                Map.of("greeting", "Howdy", "count", "1"), null, Map.of("greeting", "Hi", "count", "1")),
                ConfigurationChoice.MERGE);
        assertEquals(List.of(), edited.conflicts());
        assertEquals(Action.UPDATE, edited.changes().get(0).action());
        assertEquals(List.of(new ConfigurationWrite(PID, Map.of(), Set.of("count"), false)), edited.writes());
    }

    @Test
    public void overrideAndAppendKeepKarafsRulesShownKeyByKeyAndWrittenByKaraf() {
        ConfigurationMerge.Result override = merge(sides(ConfigurationSides.Mode.OVERRIDE, null,
                Map.of("greeting", "Howdy"), Map.of("greeting", "Hi", "count", "3")), ConfigurationChoice.MERGE);
        assertEquals(Action.UPDATE, override.changes().get(0).action());
        assertEquals(List.of(new Key("count", "3", null, Source.RELEASE), new Key("greeting", "Hi", "Howdy",
                Source.RELEASE)), override.changes().get(0).keys());
        assertEquals(List.of(), override.writes());

        ConfigurationMerge.Result append = merge(sides(ConfigurationSides.Mode.APPEND, null,
                Map.of("greeting", "Howdy", "added", "a"), Map.of("greeting", "Hi")), ConfigurationChoice.MERGE);
        assertEquals(List.of(new Key("added", null, "a", Source.RELEASE)), append.changes().get(0).keys());
        assertEquals(List.of(), append.writes());

        ConfigurationMerge.Result same = merge(sides(ConfigurationSides.Mode.OVERRIDE, null,
                Map.of("greeting", "Hi"), Map.of("greeting", "Hi")), ConfigurationChoice.MERGE);
        assertEquals("writing what is there is no change", Action.KEEP, same.changes().get(0).action());
    }

    @Test
    public void aConfigurationNotThereIsCreatedByTheFeaturesService() {
        ConfigurationMerge.Result created = merge(sides(ConfigurationSides.Mode.MERGE, Map.of("greeting", "Hello"),
                Map.of("greeting", "Howdy"), null), ConfigurationChoice.MERGE);
        assertEquals(Action.CREATE, created.changes().get(0).action());
        assertEquals(List.of(), created.writes());
    }

    @Test
    public void aConfigurationThereBeforeTheReleaseKeepsItsKeysAndGainsTheMissingOnesWithoutConflict() {
        ConfigurationMerge.Result result = merge(sides(ConfigurationSides.Mode.MERGE, null,
                Map.of("greeting", "Howdy", "added", "a"), Map.of("greeting", "Hi", "own", "o")),
                ConfigurationChoice.MERGE);
        assertEquals(List.of(), result.conflicts());
        assertEquals(List.of(new Key("added", null, "a", Source.RELEASE), new Key("greeting", "Hi", "Hi",
                Source.OPERATOR)), result.changes().get(0).keys());
        assertEquals(List.of(new ConfigurationWrite(PID, Map.of("added", "a"), Set.of(), false)), result.writes());
    }

    @Test
    public void theEngineRefusesAConflictBeforeAnyChange() throws Exception {
        runningOneOneZero();
        runtime.sides.put("greeter/1.2.0", List.of(sides(ConfigurationSides.Mode.MERGE, Map.of("greeting", "Hello"),
                Map.of("greeting", "Howdy"), Map.of("greeting", "Hi"))));

        UpgradeRefusedException e = assertThrows(UpgradeRefusedException.class, () -> upgrade("1.2.0"));

        assertTrue(e.getMessage(), e.getProblems().get(0).message().contains("key greeting"));
        assertEquals(List.of(), runtime.calls("install"));
    }

    @Test
    public void theEngineWritesTheMergeBeforeTheFeaturesServiceDeploymentAndShowsItInThePlan() throws Exception {
        runningOneOneZero();
        runtime.sides.put("greeter/1.2.0", List.of(sides(ConfigurationSides.Mode.MERGE, Map.of("greeting", "Hello"),
                Map.of("greeting", "Howdy"), Map.of("greeting", "Hi"))));

        UpgradeResult result = engine.upgrade(UpgradeRequest.of("greeter", "1.2.0")
                .withConfiguration(ConfigurationChoice.THEIRS));

        assertEquals(List.of(new Key("greeting", "Hi", "Howdy", Source.RELEASE)),
                result.plan().configurations().get(0).keys());
        List<String> calls = runtime.calls.stream().filter(c -> c.startsWith("install") || c.startsWith("write")
                || c.startsWith("capture")).toList();
        assertEquals("written before the features service's deployment, after the capture",
                List.of("capture org.example.greeter", "write org.example.greeter: set {greeting=Howdy} remove []",
                        "install greeter/1.2.0"), calls);
    }
}
