package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

/**
 * An OSGi version range: {@code [1.1,2)}, {@code (1,2]}, or a bare version {@code 1.0} meaning "1.0 or
 * later". Immutable; {@link #toString()} returns the text as declared.
 *
 * @param floor            the lowest version
 * @param floorInclusive   whether {@code floor} itself is in the range
 * @param ceiling          the highest version, or {@code null} for no upper bound
 * @param ceilingInclusive whether {@code ceiling} itself is in the range
 * @param text             the range as declared
 */
public record VersionRange(Version floor, boolean floorInclusive, Version ceiling, boolean ceilingInclusive,
        String text) {

    /** Any version: what an import without a version attribute accepts. */
    public static final VersionRange ANY = new VersionRange(Version.ZERO, true, null, false, "[0.0.0,\u221E)");

    public VersionRange {
        requireNonNull(floor, "floor");
        requireNonNull(text, "text");
    }

    /**
     * @param text an OSGi version range; surrounding blanks are ignored
     * @throws IllegalArgumentException when {@code text} is not a version range, quoting it
     */
    public static VersionRange parse(String text) {
        requireNonNull(text, "text");
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("\"" + text + "\" is not an OSGi version range");
        }
        char first = trimmed.charAt(0);
        if (first != '[' && first != '(') {
            return new VersionRange(Version.parse(trimmed), true, null, false, trimmed);
        }
        char last = trimmed.charAt(trimmed.length() - 1);
        int comma = trimmed.indexOf(',');
        if (trimmed.length() < 5 || (last != ']' && last != ')') || comma < 0
                || comma != trimmed.lastIndexOf(',')) {
            throw new IllegalArgumentException("\"" + text + "\" is not an OSGi version range: expected "
                    + "[floor,ceiling], with [ or ( and ] or )");
        }
        try {
            return new VersionRange(Version.parse(trimmed.substring(1, comma)), first == '[',
                    Version.parse(trimmed.substring(comma + 1, trimmed.length() - 1)), last == ']', trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an OSGi version range: "
                    + e.getMessage(), e);
        }
    }

    /** @return whether {@code version} lies inside this range */
    public boolean includes(Version version) {
        int low = version.compareTo(floor);
        if (low < 0 || low == 0 && !floorInclusive) {
            return false;
        }
        if (ceiling == null) {
            return true;
        }
        int high = version.compareTo(ceiling);
        return high < 0 || high == 0 && ceilingInclusive;
    }

    /** @return the range as declared, e.g. {@code [1.1,2)} */
    @Override
    public String toString() {
        return text;
    }
}
