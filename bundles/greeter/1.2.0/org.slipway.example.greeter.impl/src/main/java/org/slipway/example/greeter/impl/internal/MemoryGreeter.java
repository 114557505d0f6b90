package org.slipway.example.greeter.impl.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slipway.example.greeter.api.Greeter;
import org.slipway.example.greeter.api.Greeting;

/**
 * Release 1.2.0 is broken on purpose: its component fails to activate, so the Greeter service is
 * never available. It exists so that Slipway's upgrade engine can be tested against real damage.
 */
@Component(service = Greeter.class, immediate = true)
public final class MemoryGreeter implements Greeter {

    @Activate
    public MemoryGreeter(BundleContext context) {
        throw new IllegalStateException("greeter " + context.getBundle().getVersion()
                + " is broken on purpose: its component refuses to activate");
    }

    @Override
    public Greeting greet(String name) {
        throw new UnsupportedOperationException("never activated");
    }

    @Override
    public long total() {
        throw new UnsupportedOperationException("never activated");
    }
}
