package org.slipway.core.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a step that calls into application code (a bundle's activator, a DS activate method, through the
 * features service or the framework) on a thread of its own, so that the change ends whatever that code
 * does: when the step does not end within its timeout, the runtime says what is stuck (bundles and the
 * stacks of blocked threads) and interrupts those threads; a step that then ends fails with that diagnosis,
 * one that still does not end after a bounded grace is {@link StuckException stuck}, and is abandoned.
 */
final class Bounded {

    /** How long a step may take to end after its blocked threads were interrupted. */
    static final Duration GRACE = Duration.ofSeconds(5);

    /** A step that does not end, even interrupted: the runtime is stuck in application code. */
    static final class StuckException extends Exception {
        private static final long serialVersionUID = 1L;

        StuckException(String message) {
            super(message);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private final ReleaseRuntime runtime;
    private final Duration grace;

    Bounded(ReleaseRuntime runtime, Duration grace) {
        this.runtime = runtime;
        this.grace = grace;
    }

    /**
     * @param what    the step, for messages ({@code applying greeter 1.1.0})
     * @throws IllegalStateException when the step did not end within {@code timeout} but ended once interrupted
     * @throws StuckException        when it did not end even then
     * @throws Exception             what the step threw
     */
    void run(String what, Step step, Duration timeout) throws Exception {
        FutureTask<Void> task = new FutureTask<>(() -> {
            step.run();
            return null;
        });
        Thread thread = new Thread(task, "slipway-change");
        thread.setDaemon(true);
        thread.start();
        try {
            task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            List<String> stuck = runtime.stuck();
            runtime.interruptStuck();
            String diagnosis = what + " did not end within " + seconds(timeout)
                    + (stuck.isEmpty() ? "" : ": " + String.join("; ", stuck));
            try {
                task.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException again) {
                throw new StuckException(diagnosis + "; it did not end either when interrupted");
            } catch (ExecutionException ended) {
                // it gave up once interrupted: the diagnosis says why
            }
            throw new IllegalStateException(diagnosis + "; interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
