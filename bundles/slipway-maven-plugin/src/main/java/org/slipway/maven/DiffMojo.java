package org.slipway.maven;

import java.io.File;
import java.nio.file.Path;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.slipway.core.internal.state.PlainJson;
import org.slipway.core.internal.release.Changelog;
import org.slipway.core.internal.release.Markdown;
import org.slipway.core.internal.release.Release;
import org.slipway.core.internal.release.ReleaseDiff;

/**
 * Writes the changelog of two releases as Markdown and JSON: bundles added, removed and updated, and every
 * exported package classified by its version and by its API (bnd's baseline), with the API that changed
 * more than its version says.
 */
@Mojo(name = "diff", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class DiffMojo extends ReleaseMojo {

    /** The release before: a features XML or release archive file, or Maven coordinates. Skipped when unset. */
    @Parameter(property = "slipway.from")
    String from;

    /** The release after, like {@code from}; by default this module's features XML. */
    @Parameter(property = "slipway.to")
    String to;

    @Parameter(property = "slipway.output", defaultValue = "${project.build.directory}/slipway")
    File output;

    @Override
    public void execute() throws MojoExecutionException {
        if (from == null || from.isBlank()) {
            getLog().info("No release to compare with (set <from> or -Dslipway.from): nothing to diff");
            return;
        }
        Release before = release(from);
        Release after = release(to);
        Changelog changelog = ReleaseDiff.diff(before, after);
        String markdown = Markdown.changelog(changelog);
        Path md = output.toPath().resolve("changelog-" + name(before, after) + ".md");
        write(md, markdown);
        write(output.toPath().resolve("changelog-" + name(before, after) + ".json"), PlainJson.write(changelog.toData()));
        getLog().info("Changelog " + md + "\n" + markdown);
    }
}
