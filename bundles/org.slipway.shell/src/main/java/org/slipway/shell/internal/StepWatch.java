package org.slipway.shell.internal;

import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slipway.api.ChangeListener;

/**
 * Shows the steps of the change that the current thread runs: a {@link ChangeListener} registered for the
 * length of the work, which tells only the steps told on this thread (the engine tells them on the thread
 * that runs the change).
 */
final class StepWatch implements Printer.Watch {

    private final BundleContext context;

    StepWatch(BundleContext context) {
        this.context = context;
    }

    @Override
    public <T> T during(Printer printer, Callable<T> work) throws Exception {
        Thread caller = Thread.currentThread();
        ChangeListener listener = step -> {
            if (Thread.currentThread() == caller) {
                printer.step(step);
            }
        };
        ServiceRegistration<ChangeListener> registration = context.registerService(ChangeListener.class, listener,
                null);
        try {
            return work.call();
        } finally {
            registration.unregister();
        }
    }
}
