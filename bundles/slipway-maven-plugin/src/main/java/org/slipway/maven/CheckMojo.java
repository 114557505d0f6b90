package org.slipway.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.slipway.core.internal.engine.UpdateRange;
import org.slipway.core.internal.state.PlainJson;
import org.slipway.core.internal.release.CheckReport;
import org.slipway.core.internal.release.Markdown;
import org.slipway.core.internal.release.Release;
import org.slipway.core.internal.release.ReleaseCheck;

/**
 * The offline verdict of the live pre-check: would {@code feature:upgrade} from release {@code from} to
 * {@code to} be refused, and why. Fails the build when an importer's range breaks, or when a version bump
 * (the release's, or a package's) is smaller than the API change bnd finds.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends ComparingMojo {

    /**
     * Karaf's {@code bundleUpdateRange} of the instances the release goes to, as the range inside its
     * {@code ${range;...}} macro (Maven would read the macro itself as an expression).
     */
    @Parameter(property = "slipway.bundleUpdateRange", defaultValue = "[==,=+)")
    String bundleUpdateRange;

    /** Whether a refused change or an understated version fails the build; when false, it is reported only. */
    @Parameter(property = "slipway.check.fail", defaultValue = "true")
    boolean fail;

    @Override
    String goal() {
        return "check";
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (nothingToCompare()) {
            return;
        }
        Release before = release(from);
        Release after = release(to);
        CheckReport report = ReleaseCheck.check(before, after, new UpdateRange("${range;" + bundleUpdateRange + "}"));
        String markdown = Markdown.check(report);
        write(output.toPath().resolve("check-" + name(before, after) + ".md"), markdown);
        write(output.toPath().resolve("check-" + name(before, after) + ".json"), PlainJson.write(report.toData()));
        getLog().info(markdown);
        if (report.failed()) {
            List<String> why = new ArrayList<>(report.refusals());
            why.addAll(report.releaseProblems());
            String problems = String.join("\n  ", why);
            if (fail) {
                throw new MojoFailureException(report.transition() + (report.refused()
                        ? " would be refused by a live feature:upgrade:\n  " : " understates its API change:\n  ")
                        + problems);
            }
            getLog().warn(report.transition() + " fails the check (reported only, <fail> is false):\n  " + problems);
        }
    }
}
