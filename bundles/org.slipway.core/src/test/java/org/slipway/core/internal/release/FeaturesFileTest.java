package org.slipway.core.internal.release;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

/** Reading a release's features XML: its bundles through same-file dependencies, and what it refuses. */
public class FeaturesFileTest {

    private static final String NS = "http://karaf.apache.org/xmlns/features/v1.6.0";

    @Test
    public void aFeatureCarriesItsBundlesAndThoseOfFeaturesOfTheSameFile() {
        FeaturesFile file = parse("<features name='a' xmlns='" + NS + "'>"
                + "<feature name='app' version='1.0.0'><feature>scr</feature><feature>lib</feature>"
                + "<bundle>mvn:g/a/1.0.0</bundle><conditional><condition>http</condition>"
                + "<bundle>mvn:g/b/1.0.0</bundle></conditional><configfile finalname='etc/x.cfg'>mvn:g/c/1.0.0/cfg"
                + "</configfile></feature><feature name='lib' version='1.0.0'><bundle>mvn:g/l/2.0.0</bundle>"
                + "<bundle>mvn:g/a/1.0.0</bundle></feature></features>");
        FeaturesFile.Feature app = file.feature("app");
        assertEquals(List.of("mvn:g/a/1.0.0", "mvn:g/b/1.0.0", "mvn:g/l/2.0.0"),
                file.bundles(app).stream().map(p -> p.url()).toList());
        assertEquals(4, file.artifacts(app).size());
    }

    @Test
    public void whatAReleaseCannotCarryIsNamed() {
        FeaturesFile file = parse("<features xmlns='" + NS + "'><feature name='app' version='1'>"
                + "<bundle>wrap:mvn:g/a/1.0.0</bundle></feature><feature name='other'/></features>");
        IllegalArgumentException notMvn = assertThrows(IllegalArgumentException.class,
                () -> file.bundles(file.feature("app")));
        assertTrue(notMvn.getMessage(), notMvn.getMessage().contains("names wrap:mvn:g/a/1.0.0, which is not a plain"
                + " mvn: URL"));
        IllegalArgumentException which = assertThrows(IllegalArgumentException.class, () -> file.feature(null));
        assertTrue(which.getMessage(), which.getMessage().contains("defines 2 features [app, other]"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> file.feature("x"));
        assertTrue(none.getMessage(), none.getMessage().contains("defines no feature \"x\""));
    }

    @Test
    public void aDoctypeOrAnotherDocumentIsRefused() {
        IllegalArgumentException doctype = assertThrows(IllegalArgumentException.class, () -> parse(
                "<!DOCTYPE f [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><features xmlns='" + NS + "'>&x;</features>"));
        assertTrue(doctype.getMessage(), doctype.getMessage().startsWith("test.xml is not well-formed XML"));
        IllegalArgumentException pom = assertThrows(IllegalArgumentException.class, () -> parse("<project/>"));
        assertTrue(pom.getMessage(), pom.getMessage().contains("is not a Karaf features XML"));
    }

    private static FeaturesFile parse(String xml) {
        return FeaturesFile.parse("test.xml", xml.getBytes(StandardCharsets.UTF_8));
    }
}
