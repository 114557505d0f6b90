package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Karaf's {@code bundleUpdateRange}: decides whether the deployer updates an installed bundle in place
 * (same bundle id) or uninstalls it and installs the replacement. Karaf expands the macro
 * {@code ${range;[==,=+)}} on the NEW version (masks per segment: {@code =} keep, {@code +} increment,
 * {@code -} decrement, digits literal) and updates in place when the INSTALLED version falls inside. A value
 * that is not a macro is not expanded: Karaf then uses the new version itself as the range.
 *
 * @param expression the configured value, e.g. {@code ${range;[==,=+)}}
 */
public record UpdateRange(String expression) {

    /** Karaf's default: in place within the same major.minor. */
    public static final UpdateRange KARAF_DEFAULT = new UpdateRange("${range;[==,=+)}");

    private static final Pattern MACRO = Pattern.compile("\\$\\{range;([\\[(])([-+=0-9]{0,3}),([-+=0-9]{0,3})([\\])])\\}");

    public UpdateRange {
        requireNonNull(expression, "expression");
    }

    /** @return whether {@code installed} is updated in place to {@code replacement} */
    public boolean inPlace(Version installed, Version replacement) {
        Matcher macro = MACRO.matcher(expression.strip());
        if (!macro.matches()) {
            return VersionRange.parse(replacement.toString()).includes(installed);
        }
        String range = macro.group(1) + mask(macro.group(2), replacement) + "," + mask(macro.group(3), replacement)
                + macro.group(4);
        return VersionRange.parse(range).includes(installed);
    }

    private static String mask(String mask, Version version) {
        int[] segments = {version.major(), version.minor(), version.micro()};
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < mask.length(); i++) {
            char c = mask.charAt(i);
            int value = Character.isDigit(c) ? c - '0'
                    : c == '+' ? segments[i] + 1 : c == '-' ? segments[i] - 1 : segments[i];
            out.append(i == 0 ? "" : ".").append(value);
        }
        return out.toString();
    }

    /** As Karaf prints it in the plan's reasons. */
    @Override
    public String toString() {
        return expression;
    }
}
