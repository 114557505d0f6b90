package org.slipway.core.internal.karaf;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slipway.api.ChangeListener;
import org.slipway.api.ChangeStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a change's steps to every {@link ChangeListener} service, posts them on EventAdmin (topic
 * {@code org/slipway/change/<STEP>}; properties {@code action}, {@code feature}, {@code from}, {@code to},
 * {@code step}, {@code last}, {@code elapsed.ms} and, on the last, {@code phases} as {@code STEP=ms,...}), and
 * logs each change's end with its time per step.
 */
final class ChangeEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeEvents.class);

    private final BundleContext context;

    ChangeEvents(BundleContext context) {
        this.context = context;
    }

    void tell(ChangeStep step) {
        if (step.last()) {
            LOG.info("{} {} ended {} after {} ms: {}", step.action(), step.transition(), step.step(),
                    step.elapsed().toMillis(), phases(step));
        }
        for (ServiceReference<ChangeListener> ref : listeners()) {
            ChangeListener listener = context.getService(ref);
            if (listener == null) {
                continue;
            }
            try {
                listener.changed(step);
            } catch (RuntimeException e) {
                LOG.warn("Change listener of bundle {} failed", ref.getBundle().getSymbolicName(), e);
            } finally {
                context.ungetService(ref);
            }
        }
        post(step);
    }

    private void post(ChangeStep step) {
        ServiceReference<EventAdmin> ref = context.getServiceReference(EventAdmin.class);
        EventAdmin events = ref == null ? null : context.getService(ref);
        if (events == null) {
            return;
        }
        try {
            Map<String, Object> properties = new HashMap<>();
            properties.put("action", step.action());
            properties.put("feature", step.feature());
            properties.put("step", step.step());
            properties.put("last", step.last());
            properties.put("elapsed.ms", step.elapsed().toMillis());
            if (step.from() != null) {
                properties.put("from", step.from());
            }
            if (step.to() != null) {
                properties.put("to", step.to());
            }
            if (step.last()) {
                properties.put("phases", step.phases().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().toMillis()).collect(Collectors.joining(",")));
            }
            events.postEvent(new Event(ChangeStep.TOPIC_PREFIX + step.step(), properties));
        } finally {
            context.ungetService(ref);
        }
    }

    private java.util.Collection<ServiceReference<ChangeListener>> listeners() {
        try {
            return context.getServiceReferences(ChangeListener.class, null);
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static String phases(ChangeStep step) {
        return step.phases().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms")
                .collect(Collectors.joining(", "));
    }
}
