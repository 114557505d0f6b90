package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The state a {@link LiveState} gave before its bundle changed, as handed to the revision that runs after.
 *
 * @param key     the state's {@link LiveState#KEY}
 * @param bundle  the symbolic name of the bundle that took it
 * @param version the version of the bundle that took it: the shape {@link #state()} has
 * @param state   the plain data it returned, after a JSON round trip (see {@link LiveState})
 */
public record StateSnapshot(String key, String bundle, String version, Map<String, Object> state) {

    public StateSnapshot {
        requireNonNull(key, "key");
        requireNonNull(bundle, "bundle");
        requireNonNull(version, "version");
        requireNonNull(state, "state");
    }

    /** @return whether the snapshot was taken by a version lower than {@code version}, as in {@code "1.1.0"} */
    public boolean takenBefore(String version) {
        int[] mine = numbers(this.version);
        int[] other = numbers(requireNonNull(version, "version"));
        for (int i = 0; i < 3; i++) {
            if (mine[i] != other[i]) {
                return mine[i] < other[i];
            }
        }
        return false;
    }

    /** @return major, minor and micro of an OSGi version; the qualifier does not order shapes */
    private static int[] numbers(String version) {
        String[] parts = version.trim().split("\\.", 4);
        int[] numbers = new int[3];
        for (int i = 0; i < 3 && i < parts.length; i++) {
            try {
                numbers[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not an OSGi version: \"" + version + "\"", e);
            }
        }
        return numbers;
    }
}
