package org.slipway.core.internal.karaf;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.apache.karaf.features.FeaturesService;
import org.slipway.core.internal.archive.MavenPath;
import org.slipway.core.internal.deploy.Repositories;

/**
 * The repositories part of the seam: Karaf's {@code system/} folder and the FeaturesService's list of
 * features repositories; also the features XML schemas Karaf itself ships.
 */
final class KarafRepositories implements Repositories {

    private static final String NAMESPACE = "http://karaf.apache.org/xmlns/features/v";

    private final FeaturesService features;
    private final Path system;

    KarafRepositories(FeaturesService features, Path system) {
        this.features = features;
        this.system = system;
    }

    @Override
    public Path system() {
        return system;
    }

    @Override
    public boolean systemHas(String mvnUrl) {
        return Files.isRegularFile(system.resolve(MavenPath.parse(mvnUrl).repositoryPath()));
    }

    @Override
    public boolean isKnown(String url) {
        try {
            return Arrays.stream(features.listRepositories()).anyMatch(r -> r.getURI().toString().equals(url));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the repositories: " + e.getMessage(), e);
        }
    }

    @Override
    public void add(String url) throws Exception {
        features.addRepository(URI.create(url), false);
    }

    @Override
    public void remove(String url) throws Exception {
        features.removeRepository(URI.create(url), false);
    }

    /** @return Karaf's own XSD for a features namespace ({@code .../v1.6.0}), from the features bundle */
    static Optional<URL> schema(String namespace) {
        if (namespace == null || !namespace.startsWith(NAMESPACE)
                || !namespace.substring(NAMESPACE.length()).matches("\\d+\\.\\d+\\.\\d+")) {
            return Optional.empty();
        }
        return Optional.ofNullable(FeaturesService.class.getResource(
                "/org/apache/karaf/features/karaf-features-" + namespace.substring(NAMESPACE.length()) + ".xsd"));
    }
}
