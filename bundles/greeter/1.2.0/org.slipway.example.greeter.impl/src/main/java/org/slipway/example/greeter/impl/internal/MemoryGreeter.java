package org.slipway.example.greeter.impl.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slipway.api.LiveState;
import org.slipway.api.StateSnapshot;
import org.slipway.example.greeter.api.Greeter;
import org.slipway.example.greeter.api.Greeting;

/**
 * Release 1.2.0 is broken on purpose: its component fails to activate, so the Greeter service is
 * never available. It exists so that Slipway's upgrade engine can be tested against real damage.
 * <p>
 * It declares the {@link LiveState} {@code "greeter.counts"} like every other release, so an upgrade to it
 * takes the counts before it changes anything; the state is never restored here (the component never
 * activates), the upgrade fails verification and the release that ran before gets its counts back.
 */
@Component(service = { Greeter.class, LiveState.class }, immediate = true,
        property = LiveState.KEY + "=greeter.counts")
public final class MemoryGreeter implements Greeter, LiveState {

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

    @Override
    public Map<String, Object> snapshot() {
        throw new UnsupportedOperationException("never activated");
    }

    @Override
    public void restore(StateSnapshot snapshot) {
        throw new UnsupportedOperationException("never activated");
    }
}
