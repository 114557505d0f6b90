package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.slipway.api.Problem;

/** The plan names application features that start bundles before crash recovery runs, shaped like Camel's. */
public class EarlyStartsTest {

    @Test
    public void camelsCoreAndXmlSpecsAreNamedOncePerFeatureAndPlatformFeaturesNot() {
        Deployment deployment = new Deployment(List.of(), Map.of(), List.of(), List.of(), Map.of(),
                Map.of("org.apache.camel.camel-api/3.22.4", "camel-core/3.22.4",
                        "org.apache.camel.camel-support/3.22.4", "camel-core/3.22.4",
                        "org.apache.servicemix.specs.jaxb-api-2.3/2.3_3", "xml-specs-api/2.9.0",
                        "org.ops4j.pax.web.pax-web-api/8.0.34", "pax-web-http/8.0.34"),
                Set.of(), List.of(), List.of(),
                Map.of("org.apache.camel.camel-api/3.22.4", 50, "org.apache.camel.camel-support/3.22.4", 50,
                        "org.apache.servicemix.specs.jaxb-api-2.3/2.3_3", 10, "org.ops4j.pax.web.pax-web-api/8.0.34",
                        30));

        List<Problem> warnings = EarlyStarts.warnings(deployment, new Platform(Set.of("pax-web-http"), Set.of()));

        assertEquals(List.of(Problem.warning("camel-core/3.22.4 starts 2 bundles at start level 50, below the"
                + " application level: after a stop in the middle of this change they start before crash recovery"
                + " has put the running release back"),
                Problem.warning("xml-specs-api/2.9.0 starts 1 bundle at start level 10, below the application level:"
                        + " after a stop in the middle of this change they start before crash recovery has put the"
                        + " running release back")), warnings);
    }

    @Test
    public void aReleaseAtTheDefaultLevelIsNotNamed() {
        Deployment deployment = new Deployment(List.of(), Map.of(), List.of(), List.of(), Map.of(), Map.of(),
                Set.of(), List.of(), List.of());
        assertEquals(List.of(), EarlyStarts.warnings(deployment, Platform.NONE));
    }
}
