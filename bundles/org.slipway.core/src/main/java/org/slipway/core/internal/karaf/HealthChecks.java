package org.slipway.core.internal.karaf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Runs the application health checks: every Apache Felix Health Check ({@link HealthCheck}) service
 * registered in the framework. A check passes when its result is OK (or only informative).
 */
final class HealthChecks {

    private final BundleContext context;

    HealthChecks(BundleContext context) {
        this.context = context;
    }

    /** @return one sentence per failing check; empty when all pass or there are none */
    List<String> failing() {
        List<String> failures = new ArrayList<>();
        for (ServiceReference<HealthCheck> reference : references()) {
            HealthCheck check = context.getService(reference);
            if (check == null) {
                continue;
            }
            String name = name(reference);
            try {
                Result result = check.execute();
                if (!result.isOk()) {
                    failures.add("health check \"" + name + "\" is " + result.getStatus() + ": " + messages(result));
                }
            } catch (RuntimeException e) {
                failures.add("health check \"" + name + "\" threw " + e);
            } finally {
                context.ungetService(reference);
            }
        }
        return failures;
    }

    private Collection<ServiceReference<HealthCheck>> references() {
        try {
            return context.getServiceReferences(HealthCheck.class, null);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String name(ServiceReference<HealthCheck> reference) {
        Object name = reference.getProperty(HealthCheck.NAME);
        return name == null ? "service " + reference.getProperty("service.id") : String.valueOf(name);
    }

    private static String messages(Result result) {
        List<String> messages = new ArrayList<>();
        result.forEach(entry -> messages.add(entry.getMessage()));
        return String.join("; ", messages);
    }
}
