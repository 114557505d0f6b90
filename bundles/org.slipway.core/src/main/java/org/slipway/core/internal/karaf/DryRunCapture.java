package org.slipway.core.internal.karaf;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects the lines Karaf's features service prints for a verbose simulated deployment. It prints them
 * with {@code System.out.println} from the calling thread and from its own single provisioning thread
 * (named {@code features-...}); for the duration of one call, this swaps {@code System.out} for a stream
 * that keeps those threads' lines and passes every other thread's output through unchanged.
 * One capture at a time (the engine runs one change at a time; the lock makes it so for everyone).
 */
final class DryRunCapture {

    /** Karaf's FeaturesServiceImpl runs deployments on {@code Executors.newSingleThreadExecutor(namedThreadFactory("features"))}. */
    private static final String PROVISIONING_THREAD = "features-";

    interface Action {
        void run() throws Exception;
    }

    private DryRunCapture() {
    }

    /** @return the lines {@code action} made the features service print */
    static synchronized List<String> run(Action action) throws Exception {
        PrintStream original = System.out;
        Thread caller = Thread.currentThread();
        List<String> lines = new CopyOnWriteArrayList<>();
        System.setOut(new PrintStream(original, true) {
            @Override
            public void println(String line) {
                Thread thread = Thread.currentThread();
                if (thread == caller || thread.getName().startsWith(PROVISIONING_THREAD)) {
                    lines.add(line);
                } else {
                    original.println(line);
                }
            }
        });
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return List.copyOf(lines);
    }
}
