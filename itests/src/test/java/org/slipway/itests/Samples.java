package org.slipway.itests;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wall-time samples of the benchmarks, in milliseconds, and how their reports show them. */
final class Samples {

    private Samples() {
    }

    /** Adds the milliseconds since {@code began} (a {@link System#nanoTime()}) unless this is the warm-up. */
    static void record(boolean warmUp, List<Long> samples, long began) {
        if (!warmUp) {
            samples.add((System.nanoTime() - began) / 1_000_000);
        }
    }

    static long median(List<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
