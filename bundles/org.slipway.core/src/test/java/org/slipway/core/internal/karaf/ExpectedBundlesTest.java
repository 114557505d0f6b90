package org.slipway.core.internal.karaf;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.apache.karaf.features.internal.model.Bundle;
import org.junit.Test;

/**
 * Which bundles of a feature verification expects running regardless of the dry run, shaped like Camel's
 * camel-jackson 3.22.4: its jackson-module-jaxb-annotations is {@code dependency="true"}, and Karaf never
 * installs it when other bundles already provide what it would.
 */
public class ExpectedBundlesTest {

    @Test
    public void dependencyStartFalseAndBlacklistedBundlesAreNotExpected() {
        Bundle component = bundle("mvn:org.apache.camel/camel-jackson/3.22.4");
        Bundle satisfiedElsewhere = bundle("mvn:com.fasterxml.jackson.module/jackson-module-jaxb-annotations/2.15.2");
        satisfiedElsewhere.setDependency(true);
        Bundle notStarted = bundle("mvn:org.example/tool/1.0.0");
        notStarted.setStart(false);
        Bundle blacklisted = bundle("mvn:org.example/banned/1.0.0");
        blacklisted.setBlacklisted(true);

        assertEquals(List.of(true, false, false, false), List.of(component, satisfiedElsewhere, notStarted, blacklisted)
                .stream().map(KarafRuntime::isExpected).toList());
    }

    private static Bundle bundle(String location) {
        Bundle bundle = new Bundle(location);
        bundle.setStart(true);
        return bundle;
    }
}
