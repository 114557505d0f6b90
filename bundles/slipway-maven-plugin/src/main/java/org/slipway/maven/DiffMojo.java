package org.slipway.maven;

import java.nio.file.Path;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
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
public class DiffMojo extends ComparingMojo {

    @Override
    String goal() {
        return "diff";
    }

    @Override
    public void execute() throws MojoExecutionException {
        if (nothingToCompare()) {
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
