package org.slipway.core.internal.archive;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expressions the platform expands in configuration, which a release must not carry: Karaf's
 * {@code FeatureConfigInstaller} and Felix fileinstall substitute {@code ${name}} (system and framework
 * properties, {@code ${env:NAME}} the process environment) and Felix Config Admin's interpolation plugin
 * {@code $[env:NAME]}, {@code $[prop:NAME]} and {@code $[secret:FILE]} (a file of {@code etc/}, such as
 * {@code users.properties}). A release that carried one would read the host's environment, properties or
 * secrets into its configuration (and the plan would show them). Interpolation stays the operator's, in
 * configuration the operator writes.
 */
final class Interpolation {

    /** The start of an expression, and up to 80 characters of it, for messages. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$[{\\[][^}\\]\\n]{0,80}[}\\]]?");

    private Interpolation() {
    }

    /** @return the first expression in {@code text}, as written (bounded), if there is one */
    static Optional<String> first(String text) {
        Matcher found = EXPRESSION.matcher(text);
        return found.find() ? Optional.of(found.group()) : Optional.empty();
    }

    /** @return what the platform would do with {@code expression}, for messages */
    static String refusal(String expression) {
        return "carries the expression " + EntryNames.quote(expression) + ", which the platform would expand with"
                + " the host's environment, system properties or secrets; a release's configuration must be"
                + " literal values (interpolation is for the operator's own configuration)";
    }
}
