package org.slipway.core.internal.karaf;

import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.Repository;
import org.slipway.core.internal.archive.Distribution;

/**
 * Tells the platform's features repositories from the application's: the platform's are Karaf's
 * ({@code mvn:org.apache.karaf...}), Slipway's own ({@code mvn:org.slipway/...}) and every repository another
 * one pulls in (such as Pax Web's, referenced by Karaf's standard repository); every other repository, added
 * by the distribution's build or by an operator, is an application's.
 */
final class RepositoryKinds {

    private final FeaturesService features;

    RepositoryKinds(FeaturesService features) {
        this.features = features;
    }

    /** @return the URIs of the platform's repositories */
    Set<String> platformRepositories() {
        return Arrays.stream(repositories()).filter(r -> !isApplication(r, referenced()))
                .map(r -> r.getURI().toString()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** @return the names of the features of the application's ({@code true}) or the platform's repositories */
    Set<String> featureNames(boolean application) {
        Set<String> referenced = referenced();
        Set<String> names = new TreeSet<>();
        for (Repository repository : repositories()) {
            if (isApplication(repository, referenced) == application) {
                try {
                    Arrays.stream(repository.getFeatures()).map(Feature::getName).forEach(names::add);
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot read repository " + repository.getURI() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return names;
    }

    /**
     * What a release archive may refer to: the platform's repositories; as dependencies, the features
     * {@code offered} (an operator's allow-list) and those of application repositories; never defining a
     * platform feature name (nor {@code slipway}).
     */
    Distribution distribution(Set<String> offered) {
        return new Distribution(url -> platformRepositories().contains(url),
                name -> offered.contains(name) || featureNames(true).contains(name) && !featureNames(false).contains(name),
                name -> Distribution.PLATFORM_FEATURE.equals(name) || featureNames(false).contains(name));
    }

    private Repository[] repositories() {
        try {
            return features.listRepositories();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the repositories: " + e.getMessage(), e);
        }
    }

    private Set<String> referenced() {
        return Arrays.stream(repositories()).flatMap(r -> Arrays.stream(r.getRepositories())).map(URI::toString)
                .collect(Collectors.toSet());
    }

    private static boolean isApplication(Repository repository, Set<String> referenced) {
        String uri = repository.getURI().toString();
        return !uri.startsWith("mvn:org.apache.karaf") && !uri.startsWith("mvn:org.slipway/") && !referenced.contains(uri);
    }
}
