package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

/**
 * An OSGi version, {@code major[.minor[.micro[.qualifier]]]}, compared as the OSGi Core specification
 * says: numerically by major, minor and micro, then by qualifier as a string. Immutable.
 *
 * @param major     not negative
 * @param minor     not negative
 * @param micro     not negative
 * @param qualifier letters, digits, {@code _} and {@code -}; {@code ""} when none
 */
public record Version(int major, int minor, int micro, String qualifier) implements Comparable<Version> {

    /** {@code 0.0.0}, the version of a package exported without one. */
    public static final Version ZERO = new Version(0, 0, 0, "");

    public Version {
        requireNonNull(qualifier, "qualifier");
        if (major < 0 || minor < 0 || micro < 0) {
            throw new IllegalArgumentException("Version parts must not be negative: " + major + "." + minor
                    + "." + micro);
        }
        for (int i = 0; i < qualifier.length(); i++) {
            char c = qualifier.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-')) {
                throw new IllegalArgumentException("Invalid character '" + c + "' in version qualifier \""
                        + qualifier + "\"");
            }
        }
    }

    /**
     * @param text for example {@code 1}, {@code 1.2}, {@code 1.2.3} or {@code 1.2.3.SNAPSHOT}; surrounding
     *             blanks are ignored
     * @throws IllegalArgumentException when {@code text} is not an OSGi version, quoting it
     */
    public static Version parse(String text) {
        requireNonNull(text, "text");
        String trimmed = text.trim();
        String[] parts = trimmed.split("\\.", 4);
        if (trimmed.isEmpty() || trimmed.endsWith(".")) {
            throw new IllegalArgumentException("\"" + text + "\" is not an OSGi version");
        }
        try {
            return new Version(number(parts, 0, text), number(parts, 1, text), number(parts, 2, text),
                    parts.length > 3 ? parts[3] : "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an OSGi version: " + e.getMessage(), e);
        }
    }

    private static int number(String[] parts, int index, String text) {
        if (index >= parts.length) {
            return 0;
        }
        String part = parts[index];
        if (part.isEmpty() || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("part \"" + part + "\" is not a number");
        }
        return Integer.parseInt(part);
    }

    @Override
    public int compareTo(Version other) {
        int result = Integer.compare(major, other.major);
        if (result == 0) {
            result = Integer.compare(minor, other.minor);
        }
        if (result == 0) {
            result = Integer.compare(micro, other.micro);
        }
        return result != 0 ? result : qualifier.compareTo(other.qualifier);
    }

    /** @return {@code major.minor.micro}, followed by {@code .qualifier} when there is one */
    @Override
    public String toString() {
        return major + "." + minor + "." + micro + (qualifier.isEmpty() ? "" : "." + qualifier);
    }
}
