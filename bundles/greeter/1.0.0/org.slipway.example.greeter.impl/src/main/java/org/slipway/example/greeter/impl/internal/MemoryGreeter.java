package org.slipway.example.greeter.impl.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slipway.api.LiveState;
import org.slipway.api.StateSnapshot;
import org.slipway.example.greeter.api.Greeter;
import org.slipway.example.greeter.api.Greeting;

/**
 * Greets and counts in memory. The counts are handed over across upgrades and rollbacks as the
 * {@link LiveState} {@code "greeter.counts"}: {@code {"counts": {name: count, ...}}}.
 */
@Component(service = { Greeter.class, LiveState.class }, immediate = true,
        property = LiveState.KEY + "=greeter.counts")
public final class MemoryGreeter implements Greeter, LiveState {

    private final ConcurrentMap<String, Long> counts = new ConcurrentHashMap<>();
    private final String release;

    @Activate
    public MemoryGreeter(BundleContext context) {
        this.release = context.getBundle().getVersion().toString();
    }

    @Override
    public Greeting greet(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was \"" + name + "\"");
        }
        long count = counts.merge(name, 1L, Long::sum);
        return new Greeting("Hello, " + name + "!", name, count, release);
    }

    @Override
    public Map<String, Object> snapshot() {
        return Map.of("counts", new HashMap<>(counts));
    }

    /** Takes the counts of any later shape too: a rollback from 1.1.0 brings a "total" this release ignores. */
    @Override
    public void restore(StateSnapshot snapshot) {
        Map<String, Long> restored = counts(snapshot);
        counts.clear();
        counts.putAll(restored);
    }

    private static Map<String, Long> counts(StateSnapshot snapshot) {
        if (!(snapshot.state().get("counts") instanceof Map<?, ?> given)) {
            throw new IllegalArgumentException("State \"" + snapshot.key() + "\" of " + snapshot.bundle() + " "
                    + snapshot.version() + " has no \"counts\" object: " + snapshot.state());
        }
        Map<String, Long> counts = new HashMap<>();
        given.forEach((name, count) -> counts.put(String.valueOf(name),
                number("count of \"" + name + "\"", count)));
        return counts;
    }

    private static long number(String what, Object value) {
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("The " + what + " is not a number: " + value);
        }
        return number.longValue();
    }
}
