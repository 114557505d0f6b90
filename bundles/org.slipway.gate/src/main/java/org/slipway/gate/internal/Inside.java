package org.slipway.gate.internal;

/**
 * Whether the current thread runs a call the gate let in: such a thread makes nested calls that must pass,
 * or a change waiting for running calls to end would wait for a call held behind itself.
 */
final class Inside {

    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    boolean now() {
        return depth.get()[0] > 0;
    }

    void enter() {
        depth.get()[0]++;
    }

    void exit() {
        int[] d = depth.get();
        d[0] = Math.max(0, d[0] - 1);
    }

    /** Forgets any call of this thread: a pooled thread starts each request clean. */
    void reset() {
        depth.get()[0] = 0;
    }
}
