package org.slipway.example.greeter.impl.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slipway.example.greeter.api.Greeter;
import org.slipway.example.greeter.api.Greeting;

/**
 * Greets and counts in memory: the counts are lost when the component is deactivated.
 * Release 1.3.0 says good day; it ships only as a release archive, to be deployed.
 */
@Component(service = Greeter.class, immediate = true)
public final class MemoryGreeter implements Greeter {

    private final ConcurrentMap<String, Long> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
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
        total.incrementAndGet();
        return new Greeting("Good day, " + name + "!", name, count, release);
    }

    @Override
    public long total() {
        return total.get();
    }
}
