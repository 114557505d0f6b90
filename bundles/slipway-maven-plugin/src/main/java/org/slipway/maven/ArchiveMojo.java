package org.slipway.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.io.File;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.slipway.core.internal.archive.MavenPath;
import org.slipway.core.internal.release.FeaturesFile;
import org.slipway.core.internal.archive.ReleaseArchiveFormat;

/**
 * Writes the release archive of this features module: its features XML and every artifact its features
 * name, sealed with a checksum manifest, reproducible, optionally signed; attached as type {@code kar}.
 */
@Mojo(name = "archive", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ArchiveMojo extends ReleaseMojo {

    @Parameter(property = "slipway.archive",
            defaultValue = "${project.build.directory}/${project.artifactId}-${project.version}.kar")
    File archive;

    /** The release id in the archive's manifest. */
    @Parameter(defaultValue = "${project.artifactId}/${project.version}")
    String releaseId;

    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    String outputTimestamp;

    /** Whether the archive is attached to the project as type {@code kar}. */
    @Parameter(defaultValue = "true")
    boolean attach;

    /** The key store to sign with; unsigned when unset. */
    @Parameter(property = "slipway.keystore")
    File keystore;

    @Parameter(property = "slipway.keystoreType", defaultValue = "PKCS12")
    String keystoreType;

    @Parameter(property = "slipway.alias")
    String alias;

    /**
     * The id of a {@code <server>} of settings.xml whose password (encrypted or not) opens the key store.
     * Without it, the password comes from the property {@code slipway.storepass} (-D or the environment's
     * MAVEN_OPTS), never from the POM.
     */
    @Parameter(property = "slipway.serverId")
    String serverId;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    @Component
    SettingsDecrypter decrypter;

    @Component
    MavenProjectHelper helper;

    @Override
    public void execute() throws MojoExecutionException {
        FeaturesFile file = featuresFile();
        Map<String, byte[]> content = new LinkedHashMap<>();
        MavenArtifacts artifacts = artifacts();
        try {
            MavenPath xml = new MavenPath(project.getGroupId(), project.getArtifactId(), project.getVersion(), "xml",
                    "features");
            content.put(xml.repositoryPath(), Files.readAllBytes(features.toPath()));
            for (FeaturesFile.Feature each : file.features().values()) {
                for (MavenPath path : file.artifacts(each)) {
                    content.putIfAbsent(path.repositoryPath(), artifacts.fetch(path));
                }
            }
            long start = System.nanoTime();
            int entries = ReleaseArchiveFormat.write(content, archive.toPath(), releaseId, ReleaseArchiveFormat.entryTime(outputTimestamp));
            if (keystore != null) {
                ArchiveSigner.sign(archive.toPath(), keystore.toPath(), keystoreType, required(alias, "alias"), password());
            }
            getLog().info("Release archive " + archive + ": " + entries + " entries, " + Files.size(archive.toPath())
                    + " bytes" + (keystore == null ? ", unsigned" : ", signed by \"" + alias + "\"") + ", in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new MojoExecutionException("Cannot write the release archive " + archive + ": " + e.getMessage(),
                    e);
        }
        if (attach) {
            helper.attachArtifact(project, "kar", archive);
        }
    }

    private char[] password() throws MojoExecutionException {
        if (serverId != null) {
            Server server = settings.getServer(serverId);
            if (server == null) {
                throw new MojoExecutionException("settings.xml has no <server> \"" + serverId + "\" (serverId)");
            }
            Server decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server)).getServer();
            return required(decrypted.getPassword(), "the password of server " + serverId).toCharArray();
        }
        String password = session.getUserProperties().getOrDefault("slipway.storepass",
                System.getProperty("slipway.storepass"));
        return required(password, "-Dslipway.storepass or <serverId>").toCharArray();
    }

    private static String required(String value, String what) throws MojoExecutionException {
        if (value == null || value.isEmpty()) {
            throw new MojoExecutionException("Signing needs " + what);
        }
        return value;
    }
}
