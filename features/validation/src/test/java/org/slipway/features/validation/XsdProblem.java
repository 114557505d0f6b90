package org.slipway.features.validation;

import java.util.Objects;

/**
 * One problem the XSD validator reported in a features descriptor.
 *
 * @param file the descriptor's file name, never {@code null}
 * @param line 1-based line, or -1 if the parser did not know it
 * @param column 1-based column, or -1 if the parser did not know it
 * @param severity {@code warning}, {@code error} or {@code fatal}
 * @param message the parser's message, never {@code null}
 */
record XsdProblem(String file, int line, int column, String severity, String message) {

    XsdProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: severity: message}, the form compilers and IDEs link to. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + severity + ": " + message;
    }
}
