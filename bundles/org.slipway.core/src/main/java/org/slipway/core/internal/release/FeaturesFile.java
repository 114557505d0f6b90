package org.slipway.core.internal.release;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slipway.core.internal.archive.MavenPath;
import org.slipway.core.internal.archive.SecureXml;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * A Karaf features XML as a release sees it: its features, each with the {@code mvn:} URLs of its bundles
 * and configuration files, and the features it depends on. Parsed without DOCTYPE or external entities.
 *
 * @param source   where it was read from, for messages
 * @param features each feature by name, in document order
 */
public record FeaturesFile(String source, Map<String, Feature> features) {

    /** The namespace prefix of every Karaf features XML schema version. */
    public static final String NAMESPACE_PREFIX = "http://karaf.apache.org/xmlns/features/v";

    public FeaturesFile {
        requireNonNull(source, "source");
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features)); // document order
    }

    /**
     * One feature.
     *
     * @param name         its name
     * @param version      its version ({@code 0.0.0} when it states none, as Karaf reads it)
     * @param bundles      the locations of its bundles, conditional ones included
     * @param configfiles  the locations of its configuration files
     * @param dependencies the names of the features it depends on
     */
    public record Feature(String name, String version, List<String> bundles, List<String> configfiles,
            List<String> dependencies) {

        public Feature {
            bundles = List.copyOf(bundles);
            configfiles = List.copyOf(configfiles);
            dependencies = List.copyOf(dependencies);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code content} is not a Karaf features XML; the message names
     *         {@code source}
     */
    public static FeaturesFile parse(String source, byte[] content) {
        Element root;
        try {
            root = SecureXml.documentBuilder().parse(new ByteArrayInputStream(content)).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException(source + " is not well-formed XML: " + e.getMessage(), e);
        }
        if (!"features".equals(root.getLocalName()) || root.getNamespaceURI() == null
                || !root.getNamespaceURI().startsWith(NAMESPACE_PREFIX)) {
            throw new IllegalArgumentException(source + " is not a Karaf features XML: its root element is {"
                    + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        Map<String, Feature> features = new LinkedHashMap<>();
        for (Element feature : SecureXml.children(root, "feature")) {
            List<String> bundles = new ArrayList<>();
            List<String> configfiles = new ArrayList<>();
            List<String> dependencies = new ArrayList<>();
            read(feature, bundles, configfiles, dependencies);
            for (Element conditional : SecureXml.children(feature, "conditional")) {
                read(conditional, bundles, configfiles, dependencies);
            }
            String name = feature.getAttribute("name");
            String version = feature.getAttribute("version").isEmpty() ? "0.0.0" : feature.getAttribute("version");
            features.put(name, new Feature(name, version, bundles, configfiles, dependencies));
        }
        return new FeaturesFile(source, features);
    }

    /**
     * @param name the feature to pick; {@code null} picks the only feature of the file
     * @throws IllegalArgumentException when there is no such feature, or no name and not exactly one feature
     */
    public Feature feature(String name) {
        if (name == null) {
            if (features.size() != 1) {
                throw new IllegalArgumentException(source + " defines " + features.size() + " features "
                        + features.keySet() + ": say which one is the release");
            }
            return features.values().iterator().next();
        }
        Feature feature = features.get(name);
        if (feature == null) {
            throw new IllegalArgumentException(source + " defines no feature \"" + name + "\" (it defines "
                    + features.keySet() + ")");
        }
        return feature;
    }

    /**
     * @return the Maven paths of the bundles of {@code feature} and of the features it depends on that this
     *         file defines, in document order, each once
     * @throws IllegalArgumentException when one is not a plain {@code mvn:} URL
     */
    public List<MavenPath> bundles(Feature feature) {
        return paths(feature, true);
    }

    /** @return like {@link #bundles}, for bundles and configuration files together */
    public List<MavenPath> artifacts(Feature feature) {
        return paths(feature, false);
    }

    private List<MavenPath> paths(Feature feature, boolean bundlesOnly) {
        Set<String> locations = new LinkedHashSet<>();
        collect(feature, bundlesOnly, locations, new LinkedHashSet<>());
        List<MavenPath> paths = new ArrayList<>();
        for (String location : locations) {
            try {
                paths.add(MavenPath.parse(location));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Feature " + feature.name() + " " + feature.version() + " of "
                        + source + " names " + location + ", which is not a plain mvn: URL: a release carries"
                        + " every artifact it names", e);
            }
        }
        return paths;
    }

    private void collect(Feature feature, boolean bundlesOnly, Set<String> locations, Set<String> seen) {
        if (!seen.add(feature.name())) {
            return;
        }
        feature.bundles().forEach(locations::add);
        if (!bundlesOnly) {
            feature.configfiles().forEach(locations::add);
        }
        for (String dependency : feature.dependencies()) {
            Feature defined = features.get(dependency);
            if (defined != null) {
                collect(defined, bundlesOnly, locations, seen);
            }
        }
    }

    private static void read(Element parent, List<String> bundles, List<String> configfiles,
            List<String> dependencies) {
        SecureXml.children(parent, "bundle").forEach(e -> bundles.add(e.getTextContent().trim()));
        SecureXml.children(parent, "configfile").forEach(e -> configfiles.add(e.getTextContent().trim()));
        SecureXml.children(parent, "feature").forEach(e -> dependencies.add(e.getTextContent().trim()));
    }
}
