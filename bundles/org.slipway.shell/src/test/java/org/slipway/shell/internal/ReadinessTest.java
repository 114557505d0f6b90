package org.slipway.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Test;
import org.osgi.framework.Bundle;

public class ReadinessTest {

    private static final List<String> WAITS_FOR_FEATURES = List
            .of("org.apache.karaf.features.FeaturesService (component org.slipway.core.ReleaseComponent)");

    @Test
    public void aFeaturesServiceThatNeverCameIsACauseThatStopsTheWait() {
        Readiness readiness = Readiness.of(new Readiness.Facts(Bundle.ACTIVE, WAITS_FOR_FEATURES, false, false,
                Bundle.ACTIVE, Duration.ofSeconds(11)));
        assertEquals(500, readiness.status());
        assertTrue(readiness.text(), readiness.text().contains("org.apache.karaf.features.core has been Active for 11 s"));
        assertTrue(readiness.text(), readiness.text().contains("\"Error starting activator\" in data/log/karaf.log"));
    }

    @Test
    public void aFeaturesServiceStillComingIsNamedAndWaitedFor() {
        Readiness readiness = Readiness.of(new Readiness.Facts(Bundle.ACTIVE, WAITS_FOR_FEATURES, false, false,
                Bundle.ACTIVE, Duration.ofSeconds(3)));
        assertEquals(503, readiness.status());
        assertTrue(readiness.text(), readiness.text().startsWith(
                "The release service waits for org.apache.karaf.features.FeaturesService (component "));
        assertTrue(readiness.text(), readiness.text().contains("is Active and registers no FeaturesService yet"));
    }

    @Test
    public void beforeTheFrameworkStartedNothingIsACause() {
        Readiness readiness = Readiness.of(new Readiness.Facts(Bundle.ACTIVE, WAITS_FOR_FEATURES, false, false,
                Bundle.ACTIVE, Duration.ZERO));
        assertEquals(503, readiness.status());
    }

    @Test
    public void anActiveEngineWithoutItsServiceIsRecovering() {
        Readiness readiness = Readiness.of(new Readiness.Facts(Bundle.ACTIVE, List.of(), true, true, Bundle.ACTIVE,
                Duration.ofMinutes(2)));
        assertEquals(503, readiness.status());
        assertEquals("The release service is not available yet: crash recovery runs first", readiness.text());
    }

    @Test
    public void anUnresolvedCoreIsNamed() {
        Readiness readiness = Readiness.of(new Readiness.Facts(Bundle.INSTALLED, List.of(), false, true,
                Bundle.ACTIVE, Duration.ofSeconds(30)));
        assertEquals(503, readiness.status());
        assertEquals("Bundle org.slipway.core is Installed (not resolved); the release service starts with it",
                readiness.text());
    }
}
