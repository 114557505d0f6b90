package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.karaf.features.Feature;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The example application's first release, installed as a versioned Karaf feature in the real
 * distribution: bundles active, DS components active, the HTTP endpoint answering.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GreeterReleaseIT extends SlipwayTestSupport {

    private static final String API = "org.slipway.example.greeter.api";
    private static final String IMPL = "org.slipway.example.greeter.impl";
    private static final String WEB = "org.slipway.example.greeter.web";

    @Test
    public void everyGreeterReleaseIsKnownAndNoneIsInstalledAtBoot() throws Exception {
        List<Feature> greeters = Arrays.stream(features.listFeatures())
                .filter(f -> f.getName().equals("greeter"))
                .collect(Collectors.toList());
        TreeSet<String> versions = greeters.stream().map(Feature::getVersion).collect(Collectors.toCollection(TreeSet::new));
        assertEquals("[1.0.0, 1.1.0, 1.2.0, 2.0.0]", versions.toString());
        for (Feature greeter : greeters) {
            if (greeter.getVersion().equals("1.0.0")) {
                continue; // the other test may have installed it already
            }
            assertFalse(greeter + " must not be installed", features.isInstalled(greeter));
        }
    }

    @Test
    public void greeterOneInstallsAsAFeatureAndAnswersOverHttp() throws Exception {
        features.installFeature("greeter", "1.0.0", EnumSet.noneOf(org.apache.karaf.features.FeaturesService.Option.class));

        assertTrue(features.isInstalled(features.getFeature("greeter", "1.0.0")));
        for (String symbolicName : List.of(API, IMPL, WEB)) {
            Bundle bundle = bundle(symbolicName);
            assertEquals(symbolicName + " state", Bundle.ACTIVE, bundle.getState());
            assertEquals(symbolicName + " version", Version.parseVersion("1.0.0"), bundle.getVersion());
        }
        assertComponentActive(IMPL, "org.slipway.example.greeter.impl.internal.MemoryGreeter");

        waitFor("the /greet servlet", Duration.ofSeconds(20), () -> status("/greet?name=Probe") == 200);
        // A delayed component: the whiteboard activates it when it takes the servlet.
        assertComponentActive(WEB, "org.slipway.example.greeter.web.internal.GreetServlet");
        assertEquals("Hello, Ada! Greeted 1 time. [greeter 1.0.0]", get("/greet?name=Ada").body());
        assertEquals("Hello, Ada! Greeted 2 times. [greeter 1.0.0]", get("/greet?name=Ada").body());
        assertEquals("Hello, Grace! Greeted 1 time. [greeter 1.0.0]", get("/greet?name=Grace").body());

        Response missingName = get("/greet");
        assertEquals(400, missingName.status());
        assertEquals("Missing query parameter \"name\", as in /greet?name=Ada", missingName.body());
    }

    private void assertComponentActive(String symbolicName, String componentName) throws InterruptedException {
        ServiceComponentRuntime scr = context.getService(context.getServiceReference(ServiceComponentRuntime.class));
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle(symbolicName), componentName);
        assertNotNull(componentName + " is described by " + symbolicName, description);
        waitFor(componentName + " ACTIVE", Duration.ofSeconds(10), () -> scr.getComponentConfigurationDTOs(description)
                .stream().anyMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE));
    }

    private static int status(String path) {
        try {
            return get(path).status();
        } catch (IOException notYet) {
            return -1;
        }
    }
}
