package org.slipway.maven;

import java.io.File;

import org.apache.maven.plugins.annotations.Parameter;

/** The goals that compare two releases: {@code diff} and {@code check}. */
abstract class ComparingMojo extends ReleaseMojo {

    /** The release before: a features XML or release archive file, or Maven coordinates. Skipped when unset. */
    @Parameter(property = "slipway.from")
    String from;

    /** The release after, like {@code from}; by default this module's features XML. */
    @Parameter(property = "slipway.to")
    String to;

    /** Where the Markdown and JSON reports go. */
    @Parameter(property = "slipway.output", defaultValue = "${project.build.directory}/slipway")
    File output;

    /** @return whether there is no release to compare with, after saying so */
    boolean nothingToCompare() {
        if (from == null || from.isBlank()) {
            getLog().info("No release to compare with (set <from> or -Dslipway.from): nothing to " + goal());
            return true;
        }
        return false;
    }

    abstract String goal();
}
