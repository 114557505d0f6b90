package org.slipway.gate.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slipway.gate.Gate;

/**
 * The gate's state in plain Java: how many holds keep it closed, how many calls are running. Callers
 * {@link #enter()} and {@link #exit()} around each call; {@link #close(Duration)} holds new calls and waits
 * for the running ones. Thread-safe.
 */
final class Turnstile {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition opened = lock.newCondition();
    private final Condition quiet = lock.newCondition();
    private volatile long holdTimeoutNanos;
    private int holds;
    private int running;
    /** When the gate last closed, the calls held since, and when the first of them arrived. */
    private long closedAt;
    private int held;
    private long firstHeldAt;

    Turnstile(Duration holdTimeout) {
        holdTimeout(holdTimeout);
    }

    void holdTimeout(Duration holdTimeout) {
        if (holdTimeout.isNegative() || holdTimeout.isZero()) {
            throw new IllegalArgumentException("The hold timeout must be positive, was " + holdTimeout);
        }
        this.holdTimeoutNanos = holdTimeout.toNanos();
    }

    Duration holdTimeout() {
        return Duration.ofNanos(holdTimeoutNanos);
    }

    /**
     * Lets a call in: at once while the gate is open, else when it opens, up to the hold timeout.
     *
     * @return whether the call may run; when {@code true} the caller must {@link #exit()} once it ends
     */
    boolean enter() throws InterruptedException {
        return enter(true);
    }

    /**
     * As {@link #enter()} for a call whose end cannot be seen: held the same way, not counted as running.
     */
    boolean pass() throws InterruptedException {
        return enter(false);
    }

    private boolean enter(boolean counted) throws InterruptedException {
        lock.lock();
        try {
            if (holds > 0) {
                if (held++ == 0) {
                    firstHeldAt = System.nanoTime();
                }
                long left = holdTimeoutNanos;
                while (holds > 0 && left > 0) {
                    left = opened.awaitNanos(left);
                }
                if (holds > 0) {
                    return false;
                }
            }
            if (counted) {
                running++;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A call that {@link #enter()} let in has ended. */
    void exit() {
        lock.lock();
        try {
            if (running > 0 && --running == 0) {
                quiet.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the gate and waits up to {@code wait} for the running calls to end.
     *
     * @param opened told, when the gate opens again, how long it was closed and what it held, e.g.
     *               {@code after 404 ms: 80 calls were held, the longest 400 ms}
     */
    Gate.Hold close(Duration wait, Consumer<String> opened) throws InterruptedException {
        lock.lock();
        try {
            if (holds++ == 0) {
                held = 0;
                closedAt = System.nanoTime();
            }
            long left = wait.toNanos();
            try {
                while (running > 0 && left > 0) {
                    left = quiet.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                open();
                throw e;
            }
            return new Closed(running, opened);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens the gate once the last hold ends.
     *
     * @return how long it was closed and what it held, for the log; {@code null} while another hold keeps it
     *         closed
     */
    private String open() {
        lock.lock();
        try {
            if (--holds > 0) {
                return null;
            }
            opened.signalAll();
            long now = System.nanoTime();
            return "after " + TimeUnit.NANOSECONDS.toMillis(now - closedAt) + " ms: " + (held == 0
                    ? "no call was held"
                    : held + " calls were held, the longest " + TimeUnit.NANOSECONDS.toMillis(now - firstHeldAt)
                            + " ms");
        } finally {
            lock.unlock();
        }
    }

    private final class Closed implements Gate.Hold {
        private final int stillRunning;
        private final Consumer<String> opened;
        private final AtomicBoolean open = new AtomicBoolean();

        Closed(int stillRunning, Consumer<String> opened) {
            this.stillRunning = stillRunning;
            this.opened = opened;
        }

        @Override
        public int stillRunning() {
            return stillRunning;
        }

        @Override
        public void close() {
            if (open.compareAndSet(false, true)) {
                String report = open();
                if (report != null) {
                    opened.accept(report);
                }
            }
        }
    }
}
