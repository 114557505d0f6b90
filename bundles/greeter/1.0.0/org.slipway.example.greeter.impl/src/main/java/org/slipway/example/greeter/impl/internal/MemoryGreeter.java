package org.slipway.example.greeter.impl.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slipway.example.greeter.api.Greeter;
import org.slipway.example.greeter.api.Greeting;

/**
 * Greets and counts in memory: the counts are lost when the component is deactivated.
 */
@Component(service = Greeter.class, immediate = true)
public final class MemoryGreeter implements Greeter {

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
}
