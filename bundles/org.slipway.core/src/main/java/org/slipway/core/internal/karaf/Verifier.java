package org.slipway.core.internal.karaf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.slipway.core.internal.engine.BundleInfo;

/**
 * Decides whether a release is healthy: its bundles active, their DS components satisfied or active, and
 * every application health check passing. Polls until healthy or the timeout passes; stops early when a
 * component has failed to activate, which does not heal by waiting.
 */
final class Verifier {

    private static final long POLL_MILLIS = 100;

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final HealthChecks healthChecks;

    Verifier(BundleContext context, ServiceComponentRuntime scr, HealthChecks healthChecks) {
        this.context = context;
        this.scr = scr;
        this.healthChecks = healthChecks;
    }

    List<String> verify(List<BundleInfo> expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Findings findings = check(expected);
            if (findings.problems.isEmpty() || findings.fatal || System.nanoTime() > deadline) {
                return findings.problems;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static final class Findings {
        final List<String> problems = new ArrayList<>();
        boolean fatal;
    }

    private Findings check(List<BundleInfo> expected) {
        Findings findings = new Findings();
        for (BundleInfo wanted : expected) {
            Optional<Bundle> found = Arrays.stream(context.getBundles())
                    .filter(b -> wanted.symbolicName().equals(b.getSymbolicName())
                            && wanted.version().equals(b.getVersion().toString()))
                    .findFirst();
            if (found.isEmpty()) {
                findings.problems.add("bundle " + wanted.key() + " is not installed");
                continue;
            }
            Bundle bundle = found.get();
            int state = bundle.getState();
            boolean fragment = wanted.fragment() || bundle.getHeaders("").get("Fragment-Host") != null;
            boolean ok = fragment ? state == Bundle.RESOLVED : state == Bundle.ACTIVE;
            if (!ok) {
                findings.problems.add("bundle " + wanted.key() + " [" + bundle.getBundleId() + "] is "
                        + FrameworkState.stateName(state) + ", not " + (fragment ? "RESOLVED" : "ACTIVE"));
            }
            checkComponents(bundle, wanted, findings);
        }
        if (findings.problems.isEmpty()) {
            findings.problems.addAll(healthChecks.failing());
        }
        return findings;
    }

    private void checkComponents(Bundle bundle, BundleInfo wanted, Findings findings) {
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            String name = wanted.symbolicName() + "/" + description.name;
            if (!scr.isComponentEnabled(description)) {
                findings.problems.add("component " + name + " is disabled");
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                switch (configuration.state) {
                    case ComponentConfigurationDTO.ACTIVE:
                    case ComponentConfigurationDTO.SATISFIED:
                        break;
                    case ComponentConfigurationDTO.FAILED_ACTIVATION:
                        findings.fatal = true;
                        findings.problems.add("component " + name + " failed to activate: " + rootCause(configuration.failure));
                        break;
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                        findings.problems.add("component " + name + " has unsatisfied references: " + missing(configuration));
                        break;
                    default:
                        findings.problems.add("component " + name + " is unsatisfied (state " + configuration.state + ")");
                }
            }
        }
    }

    private static String missing(ComponentConfigurationDTO configuration) {
        List<String> names = new ArrayList<>();
        for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
            names.add(reference.name + " " + reference.target);
        }
        return String.join(", ", names);
    }

    /** The root cause of a failure stack trace: its last "Caused by:" line, else its first line. */
    private static String rootCause(String failure) {
        if (failure == null) {
            return "unknown cause";
        }
        String line = failure.lines().filter(l -> l.startsWith("Caused by: ")).reduce((a, b) -> b)
                .map(l -> l.substring("Caused by: ".length()))
                .orElse(failure.lines().findFirst().orElse(failure));
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
