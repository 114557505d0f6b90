package org.slipway.itests;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

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

    /** @return the ratio of the medians, Slipway's over stock's */
    static double ratio(List<Long> slipway, List<Long> stock) {
        return (double) median(slipway) / Math.max(1, median(stock));
    }

    /** @return a report line {@code what  min / median / max}, {@code what} padded to {@code width} */
    static String line(String what, List<Long> samples, int width) {
        return String.format(Locale.ROOT, "  %-" + width + "s %5d / %5d / %5d%n", what, Collections.min(samples),
                median(samples), Collections.max(samples));
    }
}
