package org.slipway.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.slipway.core.internal.archive.MavenPath;
import org.slipway.core.internal.release.FeaturesFile;
import org.slipway.core.internal.release.Release;
import org.slipway.core.internal.release.Releases;

/**
 * What the goals share: the features XML this module builds, and releases named by a file (a features XML
 * or a release archive) or by Maven coordinates ({@code group:artifact:version[:type[:classifier]]}, a
 * features XML {@code xml:features} by default, or {@code kar}).
 */
abstract class ReleaseMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Component
    RepositorySystem system;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    RepositorySystemSession session;

    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true, required = true)
    List<RemoteRepository> repositories;

    /** The features XML this module builds (karaf-maven-plugin's {@code feature} packaging writes it there). */
    @Parameter(property = "slipway.features", defaultValue = "${project.build.directory}/feature/feature.xml")
    File features;

    /** The feature that is the release; by default the only feature of the features XML. */
    @Parameter(property = "slipway.feature")
    String feature;

    MavenArtifacts artifacts() {
        return new MavenArtifacts(system, session, repositories);
    }

    /** @return this module's features XML, parsed */
    FeaturesFile featuresFile() throws MojoExecutionException {
        if (!features.isFile()) {
            throw new MojoExecutionException("No features XML at " + features + ": run the goal after the"
                    + " features are generated (karaf-maven-plugin, packaging feature), or set <features>");
        }
        try {
            return FeaturesFile.parse(features.toString(), Files.readAllBytes(features.toPath()));
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read " + features + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param spec a file path or Maven coordinates; {@code null} for this module's features XML
     * @throws MojoExecutionException when the release cannot be read; the message names {@code spec}
     */
    Release release(String spec) throws MojoExecutionException {
        try {
            if (spec == null) {
                return Releases.of(featuresFile(), feature, project.getArtifactId() + " " + project.getVersion(),
                        artifacts());
            }
            Path file = project.getBasedir().toPath().resolve(spec);
            if (Files.isRegularFile(file)) {
                return read(file, spec);
            }
            String[] parts = spec.split(":");
            if (parts.length < 3 || parts.length > 5) {
                throw new MojoExecutionException("\"" + spec + "\" is neither a file nor Maven coordinates"
                        + " group:artifact:version[:type[:classifier]]");
            }
            String type = parts.length > 3 ? parts[3] : "xml";
            String classifier = parts.length > 4 ? parts[4] : type.equals("xml") ? "features" : "";
            return read(artifacts().resolve(new MavenPath(parts[0], parts[1], parts[2], type, classifier)), spec);
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException("Cannot read the release " + (spec == null ? features : spec) + ": "
                    + e.getMessage(), e);
        }
    }

    private Release read(Path file, String spec) throws IOException {
        if (file.getFileName().toString().endsWith(".xml")) {
            return Releases.of(FeaturesFile.parse(spec, Files.readAllBytes(file)), feature, spec, artifacts());
        }
        return Releases.fromArchive(file, feature);
    }

    /** Writes {@code text} to {@code file}, making its folder. */
    static void write(Path file, String text) throws MojoExecutionException {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return e.g. {@code greeter-1.0.0-to-1.1.0} */
    static String name(Release from, Release to) {
        return to.feature() + "-" + from.version() + "-to-" + to.version();
    }
}
