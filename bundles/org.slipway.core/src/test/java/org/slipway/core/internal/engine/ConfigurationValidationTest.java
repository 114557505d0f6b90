package org.slipway.core.internal.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
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
 * The new release's metatype over the configuration a change leaves: types as Declarative Services converts them,
 * cardinality, options, required keys; the merge's writes and Karaf's own create, override and append counted;
 * secrets masked; and the engine refusing before any change. The metatype is read as bnd writes it.
 */
public class ConfigurationValidationTest extends EngineTestSupport {

    private static final String PID = "org.example.greeter";

    /** As bnd writes it for {@code @ObjectClassDefinition} and {@code @Designate(ocd = Config.class)}. */
    static final String BND_METATYPE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.3.0" localization="OSGI-INF/l10n/x">
              <OCD id="org.example.greeter.Config" name="Greeter">
                <AD id="greeting" type="String" default="Hello"/>
                <AD id="port" type="Integer" default="8080"/>
                <AD id="tags" type="String" cardinality="3" default="a"/>
                <AD id="mode" type="String" default="polite">
                  <Option label="Polite" value="polite"/>
                  <Option label="Terse" value="terse"/>
                </AD>
                <AD id="name" type="String"/>
                <AD id="api.password" type="Password" default=""/>
                <AD id="verbose" type="Boolean" required="false"/>
              </OCD>
              <Designate pid="org.example.greeter">
                <Object ocdref="org.example.greeter.Config"/>
              </Designate>
              <Designate factoryPid="org.example.listener">
                <Object ocdref="org.example.greeter.Config"/>
              </Designate>
            </metatype:MetaData>
            """;

    private static List<Designation> designations(Map<String, Map<String, Object>> now) {
        return MetatypeXml.parse(BND_METATYPE.getBytes(UTF_8), "greeter.impl/1.2.0").stream()
                .map(schema -> new Designation(schema, schema.factory() ? Map.of() : now)).toList();
    }

    private static List<String> check(Map<String, Object> now) {
        return ConfigurationValidation.check(designations(Map.of(PID, now)), List.of(), List.of()).stream()
                .map(Problem::message).toList();
    }

    @Test
    public void metatypeIsReadAsBndWritesItWithFactoryDesignations() {
        List<ConfigurationSchema> schemas = MetatypeXml.parse(BND_METATYPE.getBytes(UTF_8), "greeter.impl/1.2.0");

        assertEquals(List.of("org.example.greeter false", "org.example.listener true"),
                schemas.stream().map(s -> s.pid() + " " + s.factory()).toList());
        ConfigurationSchema.Attribute mode = schemas.get(0).attributes().get(3);
        assertEquals(new ConfigurationSchema.Attribute("mode", "String", 0, true, true, List.of("polite", "terse")),
                mode);
        assertEquals(new ConfigurationSchema.Attribute("name", "String", 0, true, false, List.of()),
                schemas.get(0).attributes().get(4));
        assertTrue(schemas.get(1).designates("org.example.listener~one"));
        assertFalse(schemas.get(1).designates("org.example.listener"));
    }

    @Test
    public void aDoctypeIsRefused() {
        String hostile = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<MetaData>&e;</MetaData>";
        assertThrows(IllegalArgumentException.class, () -> MetatypeXml.parse(hostile.getBytes(UTF_8), "b/1"));
    }

    @Test
    public void valuesAreCheckedAsDeclarativeServicesConvertsThem() {
        assertEquals(List.of(), check(Map.of("name", "n", "port", " 8080 ", "tags", new String[] {"a", "b"},
                "mode", "terse", "verbose", "TRUE")));
        assertEquals(List.of(), check(Map.of("name", "n", "port", 8080L, "verbose", Boolean.FALSE)));
        assertEquals(List.of("Configuration org.example.greeter, key port: the value \"eighty\" is not an Integer,"
                + " which the metatype of greeter.impl/1.2.0 defines as Integer (one value); the new code cannot read"
                + " it: change the value before the change"), check(Map.of("name", "n", "port", "eighty")));
        assertTrue(check(Map.of("name", "n", "port", "3000000000")).get(0).contains("is not an Integer"));
        assertTrue(check(Map.of("name", "n", "port", "80.5")).get(0).contains("is not an Integer"));
        assertTrue(check(Map.of("name", "n", "verbose", "yes")).get(0).contains("is not a Boolean"));
        assertTrue(check(Map.of("name", "n", "tags", List.of("a", "b", "c", "d"))).get(0)
                .contains("the value \"[a, b, c, d]\" holds 4 values"));
        assertTrue(check(Map.of("name", "n", "port", new int[] {1, 2})).get(0).contains("holds 2 values"));
        assertTrue(check(Map.of("name", "n", "mode", "rude")).get(0)
                .contains("is not one of the options [polite, terse]"));
    }

    @Test
    public void aRequiredKeyWithoutDefaultMustBeThereAndOthersMayNot() {
        assertEquals(List.of("Configuration org.example.greeter has no key name, which the metatype of"
                + " greeter.impl/1.2.0 defines as String (one value), required and without a default; set it before"
                + " the change"), check(Map.of("port", "80")));
        assertEquals("keys the metatype does not define are left alone", List.of(),
                check(Map.of("name", "n", "unknown", "x")));
    }

    @Test
    public void secretsAreMaskedAndInterpolatedValuesLeftToTheirCheck() {
        List<String> problems = check(Map.of("name", "n", "api.password", new String[] {"s3cret", "two"},
                "port", "$[env:PORT]"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0), problems.get(0).contains("the value \"********\" holds 2 values"));
        assertFalse(problems.get(0), problems.get(0).contains("s3cret"));
    }

    @Test
    public void theConfigurationAfterTheChangeIsChecked() {
        List<Designation> invalidNow = designations(Map.of(PID, Map.of("name", "n", "port", "eighty")));
        ConfigurationSides merged = new ConfigurationSides(PID, "greeter/1.2.0", ConfigurationSides.Mode.MERGE,
                Map.of("port", "eighty"), Map.of("port", "80"), Map.of("name", "n", "port", "eighty"));
        assertEquals("the merge's write takes the new default", List.of(), ConfigurationValidation.check(invalidNow,
                List.of(merged), List.of(new ConfigurationWrite(PID, Map.of("port", "80"), Set.of(), false))));
        assertEquals("a deleted configuration is not checked", List.of(), ConfigurationValidation.check(invalidNow,
                List.of(merged), List.of(new ConfigurationWrite(PID, Map.of(), Set.of(), true))));

        ConfigurationSides created = new ConfigurationSides(PID, "greeter/1.2.0", ConfigurationSides.Mode.MERGE,
                null, Map.of("port", "x"), null);
        assertEquals("Karaf creates it with the release's values", 2, ConfigurationValidation.check(
                designations(Map.of()), List.of(created), List.of()).size());
        ConfigurationSides override = new ConfigurationSides(PID, "greeter/1.2.0", ConfigurationSides.Mode.OVERRIDE,
                null, Map.of("name", "n", "port", "81"), Map.of("port", "eighty"));
        assertEquals("override replaces it", List.of(), ConfigurationValidation.check(
                designations(Map.of(PID, Map.of("port", "eighty"))), List.of(override), List.of()));
        ConfigurationSides append = new ConfigurationSides(PID, "greeter/1.2.0", ConfigurationSides.Mode.APPEND,
                null, Map.of("name", "n", "port", "81"), Map.of("port", "eighty"));
        assertEquals("append keeps what is there", 1, ConfigurationValidation.check(
                designations(Map.of(PID, Map.of("port", "eighty"))), List.of(append), List.of()).size());
    }

    @Test
    public void theOverlayAndTheProcessEnvironmentAreCheckedAsTheCodeReceivesThem() {
        ConfigurationSchema schema = MetatypeXml.parse(BND_METATYPE.getBytes(UTF_8), "greeter.impl/1.2.0").get(0);
        Map<String, Map<String, Object>> now = Map.of(PID, Map.of("name", "n", "port", "eighty", "mode", "polite"));

        List<Problem> overlaid = ConfigurationValidation.check(List.of(new Designation(schema, now,
                Map.of(PID, Map.of("port", "81", "mode", "loud")), Map.of())), List.of(), List.of());
        assertEquals("the overlay replaces the stored port, and brings its own mode", 1, overlaid.size());
        assertTrue(overlaid.get(0).message(), overlaid.get(0).message().contains("key mode: the value \"loud\" (from"
                + " the environment's overlay) is not one of the options"));

        List<Problem> processed = ConfigurationValidation.check(List.of(new Designation(schema, now,
                Map.of(PID, Map.of("port", "81")), Map.of(PID, Map.of("port", "x", "verbose", "maybe")))), List.of(),
                List.of());
        assertEquals("the process wins over the overlay, for keys the configuration holds only", 1, processed.size());
        assertTrue(processed.get(0).message(), processed.get(0).message().contains("key port: the value \"x\" (from"
                + " the process environment) is not an Integer"));
    }

    @Test
    public void theEngineRefusesAConfigurationTheNewCodeCannotReadBeforeAnyChange() throws Exception {
        runningOneOneZero();
        runtime.designations.put("greeter/1.2.0", designations(Map.of(PID, Map.of("name", "n", "port", "eighty"))));

        UpgradeRefusedException e = assertThrows(UpgradeRefusedException.class, () -> upgrade("1.2.0"));

        assertTrue(e.getMessage(), e.getMessage().contains("key port: the value \"eighty\" is not an Integer"));
        assertEquals(List.of(), runtime.calls("install"));
        assertEquals(List.of(), runtime.calls("capture"));
    }
}
