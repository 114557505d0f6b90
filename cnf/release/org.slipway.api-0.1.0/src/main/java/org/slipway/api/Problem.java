package org.slipway.api;

import static java.util.Objects.requireNonNull;

/**
 * One finding of the pre-checks or of verification.
 *
 * @param severity  {@link Severity#ERROR} refuses (unless forced), {@link Severity#WARNING} is reported
 * @param message   a sentence naming the offending input
 * @param violation the import that breaks, for a semantic-version refusal; else {@code null}
 */
public record Problem(Severity severity, String message, ImportViolation violation) {

    /** How bad a problem is. */
    public enum Severity {
        ERROR, WARNING
    }

    public Problem {
        requireNonNull(severity, "severity");
        requireNonNull(message, "message");
    }

    public static Problem error(String message) {
        return new Problem(Severity.ERROR, message, null);
    }

    public static Problem warning(String message) {
        return new Problem(Severity.WARNING, message, null);
    }

    public static Problem of(ImportViolation violation) {
        return new Problem(Severity.ERROR, violation.describe(), violation);
    }

    @Override
    public String toString() {
        return severity + ": " + message;
    }
}
