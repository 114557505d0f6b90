package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class ResolutionMessagesTest {

    private static final String ROOT = "Unable to resolve root: missing requirement [root] osgi.identity; "
            + "osgi.identity=greeter; type=karaf.feature; version=\"[2.0.0,2.0.0]\"; "
            + "filter:=\"(&(osgi.identity=greeter)(type=karaf.feature)(version>=2.0.0)(version<=2.0.0))\"";
    private static final String FEATURE = "Unable to resolve greeter/2.0.0: missing requirement [greeter/2.0.0] "
            + "osgi.identity; osgi.identity=org.slipway.example.greeter.web; type=osgi.bundle; "
            + "version=\"[1.1.0,1.1.0]\"; resolution:=mandatory";
    private static final String WEB = "org.slipway.example.greeter.web/1.1.0";

    /** The resolver's chain: root, then the feature, then the bundle that misses {@code requirement}. */
    private static String chain(String requirement) {
        return ROOT + " [caused by: " + FEATURE + " [caused by: Unable to resolve " + WEB + ": missing requirement ["
                + WEB + "] " + requirement + "]]";
    }

    @Test
    public void missingPackageNamesBundleFeaturePackageAndRange() {
        assertEquals("Bundle org.slipway.example.greeter.web/1.1.0 of feature greeter/2.0.0 cannot resolve: it needs "
                + "package org.slipway.example.greeter.api [1.1.0,2.0.0), which nothing in the target state exports",
                ResolutionMessages.translate(chain("osgi.wiring.package; filter:=\"(&(osgi.wiring.package="
                        + "org.slipway.example.greeter.api)(version>=1.1.0)(!(version>=2.0.0)))\"")));
    }

    @Test
    public void missingPackageWithoutVersionOrWithFloorOnly() {
        assertEquals("Bundle " + WEB + " of feature greeter/2.0.0 cannot resolve: it needs package a.b, which nothing "
                + "in the target state exports",
                ResolutionMessages.translate(chain("osgi.wiring.package; filter:=\"(osgi.wiring.package=a.b)\"")));
        assertEquals("Bundle " + WEB + " of feature greeter/2.0.0 cannot resolve: it needs package a.b 1.2.0 or later, "
                + "which nothing in the target state exports", ResolutionMessages.translate(chain(
                        "osgi.wiring.package; filter:=\"(&(osgi.wiring.package=a.b)(version>=1.2.0))\"")));
    }

    @Test
    public void missingServiceNamesTheInterface() {
        assertEquals("Bundle " + WEB + " of feature greeter/2.0.0 cannot resolve: it needs a service "
                + "org.slipway.example.greeter.api.Greeter, which nothing in the target state provides",
                ResolutionMessages.translate(chain("osgi.service; filter:=\"(objectClass="
                        + "org.slipway.example.greeter.api.Greeter)\"; effective:=active")));
    }

    @Test
    public void missingExtenderNamesItAndItsRange() {
        assertEquals("Bundle " + WEB + " of feature greeter/2.0.0 cannot resolve: it needs extender osgi.component "
                + "[1.5.0,2.0.0), which nothing in the target state provides",
                ResolutionMessages.translate(chain("osgi.extender; filter:=\"(&(osgi.extender=osgi.component)"
                        + "(version>=1.5.0)(!(version>=2.0.0)))\"")));
    }

    @Test
    public void missingExecutionEnvironmentNamesIt() {
        assertEquals("Bundle " + WEB + " of feature greeter/2.0.0 cannot resolve: it needs execution environment "
                + "JavaSE 21, which this Java runtime does not provide",
                ResolutionMessages.translate(chain("osgi.ee; filter:=\"(&(osgi.ee=JavaSE)(version=21))\"")));
    }

    @Test
    public void missingBundleOfTheFeatureIsReportedOnTheFeature() {
        assertEquals("Feature greeter/2.0.0 cannot resolve: it needs bundle org.slipway.example.greeter.web "
                + "[1.1.0,1.1.0], which no repository provides",
                ResolutionMessages.translate(ROOT + " [caused by: " + FEATURE + "]"));
    }

    @Test
    public void otherNamespacesKeepTheInnermostCauseReadable() {
        assertEquals("Bundle " + WEB + " of feature greeter/2.0.0 cannot resolve: it needs osgi.wiring.host "
                + "(&(osgi.wiring.host=a.host)(bundle-version>=1.0.0)), which nothing in the target state provides",
                ResolutionMessages.translate(chain("osgi.wiring.host; filter:=\"(&(osgi.wiring.host=a.host)"
                        + "(bundle-version>=1.0.0))\"")));
    }

    @Test
    public void unknownTextPassesThroughUnchanged() {
        String[] unknown = {"Something else went wrong", "Unable to resolve root: but not the usual shape",
            ROOT + " [caused by: " + FEATURE, ""};
        for (String text : unknown) {
            assertEquals(text, ResolutionMessages.translate(text));
        }
    }

    @Test
    public void everyMessageOfAListIsTranslatedInOrder() {
        assertEquals(List.of("as is", "Feature greeter/2.0.0 cannot resolve: it needs bundle "
                + "org.slipway.example.greeter.web [1.1.0,1.1.0], which no repository provides"),
                ResolutionMessages.translate(List.of("as is", ROOT + " [caused by: " + FEATURE + "]")));
    }
}
