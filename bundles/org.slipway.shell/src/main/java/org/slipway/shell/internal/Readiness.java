package org.slipway.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Why the release service is not there, told from the framework's own records (SCR's component DTOs and bundle
 * states) instead of one sentence for every cause: still starting (503, try again), or cannot start (500, the
 * missing service named, so {@code bin/slipway start} stops waiting at once). The features service counts as
 * unable to start when its bundle has been active for a while since the framework started and it still
 * registers no {@code FeaturesService}: its activator failed, which Karaf logs only as a warning.
 */
record Readiness(int status, String text) {

    static final String CORE = "org.slipway.core";
    static final String FEATURES_CORE = "org.apache.karaf.features.core";
    static final String FEATURES_SERVICE = "org.apache.karaf.features.FeaturesService";
    /** How long after the framework started the features core may take to register its service. */
    static final Duration FEATURES_GRACE = Duration.ofSeconds(10);

    /** What keeps the release service away, as facts. */
    record Facts(int coreState, List<String> waitsFor, boolean recovering, boolean featuresServiceRegistered,
            int featuresCoreState, Duration sinceStarted) {
    }

    static Readiness of(Facts facts) {
        if (facts.coreState() != Bundle.ACTIVE) {
            return new Readiness(503, "Bundle " + CORE + " is " + state(facts.coreState())
                    + "; the release service starts with it");
        }
        boolean featuresFailed = !facts.featuresServiceRegistered() && facts.featuresCoreState() == Bundle.ACTIVE
                && facts.sinceStarted().compareTo(FEATURES_GRACE) > 0;
        if (featuresFailed) {
            return new Readiness(500, "The instance cannot start: bundle " + FEATURES_CORE + " has been Active for "
                    + facts.sinceStarted().toSeconds() + " s since the framework started and registers no "
                    + FEATURES_SERVICE + " (its activator failed: \"Error starting activator\" in data/log/karaf.log, or in"
                    + " data/log/console.out when it failed before logging was configured)");
        }
        if (!facts.waitsFor().isEmpty()) {
            return new Readiness(503, "The release service waits for " + String.join(", ", facts.waitsFor())
                    + (facts.featuresServiceRegistered() ? "" : "; bundle " + FEATURES_CORE + " is "
                            + state(facts.featuresCoreState()) + " and registers no FeaturesService yet"));
        }
        return new Readiness(503, facts.recovering()
                ? "The release service is not available yet: crash recovery runs first"
                : "The release service is not registered yet");
    }

    /** Gathers the facts; {@code scr} may be null while SCR itself is not there. */
    static Facts facts(BundleContext context, ServiceComponentRuntime scr, Duration sinceStarted) {
        Bundle core = bundle(context, CORE);
        List<String> waitsFor = new ArrayList<>();
        boolean recovering = false;
        if (scr == null) {
            waitsFor.add("Declarative Services (no ServiceComponentRuntime)");
        } else if (core != null) {
            for (ComponentDescriptionDTO component : scr.getComponentDescriptionDTOs(core)) {
                Map<String, String> interfaces = Stream.of(component.references)
                        .collect(Collectors.toMap(r -> r.name, (ReferenceDTO r) -> r.interfaceName));
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(component)) {
                    recovering |= configuration.state == ComponentConfigurationDTO.ACTIVE;
                    for (UnsatisfiedReferenceDTO missing : configuration.unsatisfiedReferences) {
                        if (interfaces.getOrDefault(missing.name, "").startsWith("org.slipway.api.")) {
                            continue; // Slipway's own services come after the ones named here
                        }
                        waitsFor.add(interfaces.getOrDefault(missing.name, missing.name) + " (component "
                                + component.name + ")");
                    }
                }
            }
        }
        Bundle features = bundle(context, FEATURES_CORE);
        return new Facts(core == null ? Bundle.UNINSTALLED : core.getState(), List.copyOf(waitsFor), recovering,
                context.getServiceReference(FEATURES_SERVICE) != null,
                features == null ? Bundle.UNINSTALLED : features.getState(), sinceStarted);
    }

    private static Bundle bundle(BundleContext context, String symbolicName) {
        return Stream.of(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElse(null);
    }

    static String state(int state) {
        switch (state) {
        case Bundle.INSTALLED:
            return "Installed (not resolved)";
        case Bundle.RESOLVED:
            return "Resolved (not started)";
        case Bundle.STARTING:
            return "Starting";
        case Bundle.STOPPING:
            return "Stopping";
        case Bundle.ACTIVE:
            return "Active";
        default:
            return "not installed";
        }
    }
}
