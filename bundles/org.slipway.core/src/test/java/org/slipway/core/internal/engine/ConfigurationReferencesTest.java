package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeRefusedException;

/**
 * References Config Admin's interpolation plugin would leave unexpanded refuse a change before it changes
 * anything, naming configuration, key and reference, never a value; defaults and resolvable ones pass.
 */
public class ConfigurationReferencesTest extends EngineTestSupport {

    private static final String PID = "org.example.greeter";

    private static List<String> check(Map<String, Object> values, Set<String> missing) {
        return ConfigurationReferences.check(Map.of(PID, values), (type, name) -> !missing.contains(type + ":" + name))
                .stream().map(Problem::message).toList();
    }

    @Test
    public void aMissingSecretVariableOrPropertyIsNamedWithItsKey() {
        List<String> problems = check(Map.of("db.password", "$[secret:db.password]", "url",
                "jdbc:x://$[env:DB_HOST]:$[env:DB_PORT;default=5432]/app", "mode", "$[prop:app.mode]"),
                Set.of("secret:db.password", "env:DB_HOST", "env:DB_PORT", "prop:app.mode"));

        assertEquals(3, problems.size());
        assertTrue(problems.toString(), problems.contains("Configuration org.example.greeter, key db.password refers"
                + " to $[secret:db.password], a secret that is not in the secrets directory"
                + " (org.apache.felix.configadmin.plugin.interpolation.secretsdir, secrets/); the application would"
                + " read the reference itself: provide it before the change, or give the reference a default"
                + " (;default=...)"));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("Configuration org.example.greeter,"
                + " key url refers to $[env:DB_HOST], a variable the instance's process environment does not have")));
        assertFalse("a default resolves it: " + problems, problems.toString().contains("DB_PORT"));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("key mode refers to $[prop:app.mode]")));
    }

    @Test
    public void resolvableReferencesAndLiteralValuesPass() {
        assertEquals(List.of(), check(Map.of("db.password", "$[secret:db.password]", "tags",
                new String[] {"$[env:HOME]", "plain"}), Set.of()));
        assertEquals(List.of(), check(Map.of("text", "costs $[5] or ${env:X}"), Set.of("env:X")));
    }

    @Test
    public void theEngineRefusesAReleaseConfigurationWithAMissingSecretBeforeAnyChange() throws Exception {
        runningOneOneZero();
        runtime.sides.put("greeter/1.2.0", List.of(new ConfigurationSides(PID, "greeter/1.2.0",
                ConfigurationSides.Mode.MERGE, null, Map.of("api.password", "$[secret:greeter.api]"), null)));
        runtime.unresolved.add("secret:greeter.api");

        UpgradeRefusedException e = assertThrows(UpgradeRefusedException.class, () -> upgrade("1.2.0"));

        assertTrue(e.getMessage(), e.getMessage().contains("Configuration org.example.greeter, key api.password refers"
                + " to $[secret:greeter.api]"));
        assertEquals(List.of(), runtime.calls("install"));
        runtime.unresolved.clear();
        assertEquals("1.2.0", upgrade("1.2.0").plan().to());
    }
}
