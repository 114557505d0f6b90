package org.slipway.example.greeter.impl.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slipway.api.LiveState;
import org.slipway.api.StateSnapshot;
import org.slipway.example.greeter.api.Greeter;
import org.slipway.example.greeter.api.Greeting;

/**
 * Greets and counts in memory, implementing the incompatible API 2.0: the caller picks the salutation.
 * <p>
 * The counts and the total are handed over across upgrades and rollbacks as the {@link LiveState}
 * {@code "greeter.counts"}: {@code {"counts": {name: count, ...}, "total": n}}; a snapshot of 1.0.0, which
 * kept no total, is migrated.
 */
@Component(service = { Greeter.class, LiveState.class }, immediate = true,
        property = LiveState.KEY + "=greeter.counts")
public final class MemoryGreeter implements Greeter, LiveState {

    private final ConcurrentMap<String, Long> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final String release;

    @Activate
    public MemoryGreeter(BundleContext context) {
        this.release = context.getBundle().getVersion().toString();
    }

    @Override
    public Greeting greet(String salutation, String name) {
        if (salutation == null || salutation.isBlank()) {
            throw new IllegalArgumentException("salutation must not be blank, was \"" + salutation + "\"");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was \"" + name + "\"");
        }
        long count = counts.merge(name, 1L, Long::sum);
        total.incrementAndGet();
        return new Greeting(salutation + ", " + name + "!", name, count, release);
    }

    @Override
    public long total() {
        return total.get();
    }

    @Override
    public Map<String, Object> snapshot() {
        return Map.of("counts", new HashMap<>(counts), "total", total.get());
    }

    /** Migrates 1.0.0's shape, which has no total: the total is then the sum of the counts. */
    @Override
    public void restore(StateSnapshot snapshot) {
        Map<String, Long> restored = counts(snapshot);
        long restoredTotal = total(snapshot, restored);
        counts.clear();
        counts.putAll(restored);
        total.set(restoredTotal);
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

    private static long total(StateSnapshot snapshot, Map<String, Long> counts) {
        Object total = snapshot.state().get("total");
        if (total == null || snapshot.takenBefore("1.1.0")) {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
        return number("total", total);
    }

    private static long number(String what, Object value) {
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("The " + what + " is not a number: " + value);
        }
        return number.longValue();
    }
}
