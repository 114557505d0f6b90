package org.slipway.core.internal.karaf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Finds what keeps a change from ending: bundles stuck STARTING or STOPPING, and the threads blocked in
 * application code on their behalf — in a bundle activator (below Felix's startBundle or stopBundle) or in a
 * Declarative Services activate or deactivate method (below SCR's method invocation) — with the top of their
 * stacks, the application's frames first.
 */
final class StuckThreads {

    private static final int FRAMES = 8;
    private static final List<String> BLOCKING_ENTRIES = List.of("org.apache.felix.framework.Felix.startBundle",
            "org.apache.felix.framework.Felix.stopBundle", "org.apache.felix.scr.impl.inject.methods.ActivateMethod",
            "org.apache.felix.scr.impl.inject.methods.DeactivateMethod", "org.apache.felix.scr.impl.inject.BaseMethod.invoke");

    private final BundleContext context;

    StuckThreads(BundleContext context) {
        this.context = context;
    }

    /** @return one sentence per stuck bundle and per blocked thread; empty when nothing is stuck */
    List<String> describe() {
        List<String> found = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.STARTING || bundle.getState() == Bundle.STOPPING) {
                found.add("bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId()
                        + "] is " + FrameworkState.stateName(bundle.getState()));
            }
        }
        blocked().forEach((thread, stack) -> found.add("thread \"" + thread.getName() + "\" is blocked at "
                + Arrays.stream(stack).limit(FRAMES).map(StackTraceElement::toString)
                        .collect(Collectors.joining(" < "))));
        return found;
    }

    /** Interrupts every thread blocked in application code on behalf of a bundle start, stop or DS activation. */
    void interrupt() {
        blocked().keySet().forEach(Thread::interrupt);
    }

    private static Map<Thread, StackTraceElement[]> blocked() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey() != Thread.currentThread() && inApplicationCall(e.getValue()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static boolean inApplicationCall(StackTraceElement[] stack) {
        return Arrays.stream(stack).anyMatch(frame -> {
            String method = frame.getClassName() + "." + frame.getMethodName();
            return BLOCKING_ENTRIES.stream().anyMatch(method::startsWith);
        });
    }
}
