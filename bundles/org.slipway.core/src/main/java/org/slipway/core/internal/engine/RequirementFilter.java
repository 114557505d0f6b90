package org.slipway.core.internal.engine;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the simple LDAP filters the OSGi resolver prints for a requirement, such as
 * {@code (&(osgi.wiring.package=a.b)(version>=1.1.0)(!(version>=2.0.0)))}: the value of one attribute and
 * the version range. Only what {@link ResolutionMessages} needs; not a general filter parser.
 */
final class RequirementFilter {

    private static final String V = "([^()\\s]+)";
    private static final Pattern FLOOR_INCLUSIVE = Pattern.compile("(?<!!)\\(version>=" + V + "\\)");
    private static final Pattern FLOOR_EXCLUSIVE = Pattern.compile("\\(!\\(version<=" + V + "\\)\\)");
    private static final Pattern CEILING_EXCLUSIVE = Pattern.compile("\\(!\\(version>=" + V + "\\)\\)");
    private static final Pattern CEILING_INCLUSIVE = Pattern.compile("(?<!!)\\(version<=" + V + "\\)");
    private static final Pattern EXACT = Pattern.compile("\\(version=" + V + "\\)");

    private final String filter;

    RequirementFilter(String filter) {
        this.filter = filter;
    }

    /** @return the value the filter requires for {@code attribute}, e.g. the package name */
    Optional<String> value(String attribute) {
        Matcher m = Pattern.compile("\\(" + Pattern.quote(attribute) + "=([^()]*)\\)").matcher(filter);
        return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
    }

    /**
     * @return the version range, e.g. {@code [1.1.0,2.0.0)}, {@code 1.1.0 or later}, {@code 17} for an exact
     *         version; {@code ""} when the filter does not constrain the version
     */
    String range() {
        Optional<String> exact = find(EXACT);
        if (exact.isPresent()) {
            return exact.get();
        }
        Optional<String> floorIn = find(FLOOR_INCLUSIVE);
        Optional<String> floorEx = find(FLOOR_EXCLUSIVE);
        Optional<String> ceilEx = find(CEILING_EXCLUSIVE);
        Optional<String> ceilIn = find(CEILING_INCLUSIVE);
        String floor = floorIn.map(v -> "[" + v).orElse(floorEx.map(v -> "(" + v).orElse(null));
        String ceiling = ceilEx.map(v -> v + ")").orElse(ceilIn.map(v -> v + "]").orElse(null));
        if (floor != null && ceiling != null) {
            return floor + "," + ceiling;
        } else if (floor != null) {
            return floor.substring(1) + (floorIn.isPresent() ? " or later" : " exclusive or later");
        } else if (ceiling != null) {
            return "up to " + ceiling.substring(0, ceiling.length() - 1) + (ceilIn.isPresent() ? "" : " exclusive");
        }
        return "";
    }

    private Optional<String> find(Pattern pattern) {
        Matcher m = pattern.matcher(filter);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    public String toString() {
        return filter;
    }
}
