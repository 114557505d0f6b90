package org.slipway.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.slipway.core.internal.archive.MavenPath;
import org.slipway.core.internal.release.Releases;

/** Fetches artifacts through the build's own resolver: the reactor, the local repository, the project's remotes. */
final class MavenArtifacts implements Releases.Artifacts {

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    MavenArtifacts(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = List.copyOf(repositories);
    }

    @Override
    public byte[] fetch(MavenPath path) throws IOException {
        return Files.readAllBytes(resolve(path));
    }

    /** @throws IllegalArgumentException when the resolver cannot find the artifact; the message names it */
    Path resolve(MavenPath path) {
        DefaultArtifact artifact = new DefaultArtifact(path.group(), path.artifact(), path.classifier(), path.type(),
                path.version());
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null)).getArtifact()
                    .getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new IllegalArgumentException("Cannot resolve " + path.url() + ": " + e.getMessage(), e);
        }
    }
}
