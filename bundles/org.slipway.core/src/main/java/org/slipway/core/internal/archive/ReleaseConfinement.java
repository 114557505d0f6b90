package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Checks everything a release archive's features XML carries, so that an application release stays inside its
 * confinement, and turns what passes into {@link ArchivedFeature}s. The first element that fails is refused, in
 * this order: the {@code <repository>} and {@code <resource-repository>} elements (Karaf reads them before any
 * feature), then each feature in document order: its name, its start level, then its elements in document
 * order, those inside a {@code <conditional>} in their place and under the same rules.
 * <ul>
 * <li>{@code <bundle>}: a plain {@code mvn:} URL in the archive or the distribution's repository (INVALID_FEATURES,
 * MISSING_BUNDLE); no start level below {@link Distribution#APPLICATION_START_LEVEL}, nor one of its feature.</li>
 * <li>{@code <config>}: a PID that is not the platform's ({@link PlatformConfiguration}), not stored in a file
 * of the platform, written in the XML (not {@code external}), not redirecting fileinstall, with no expression the
 * platform expands ({@link Interpolation}).</li>
 * <li>{@code <configfile>}: a target strictly under {@code etc/} that is not a file of the platform
 * ({@link ConfigFileTarget}), from a file of the archive.</li>
 * <li>{@code <library>}: never.</li>
 * <li>{@code <repository>}, {@code <resource-repository>}: only the distribution's own, by {@code mvn:} URL.</li>
 * <li>{@code <feature>} dependencies, prerequisites included: only features the archive defines or the
 * distribution offers.</li>
 * <li>A feature's name: never one of the platform's.</li>
 * </ul>
 * <p>
 * Allowed without a rule, because Karaf does nothing with them beyond the feature: {@code <details>};
 * {@code <requirement>} and {@code <capability>} (resolved only against the resources of the features being
 * installed, and the global repository Slipway does not configure); {@code <scoping>} (it narrows what the
 * feature's region sees); {@code <condition>} names.
 */
final class ReleaseConfinement {

    /** A PID Karaf can store as {@code etc/PID.cfg} without leaving {@code etc/}. */
    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.~-]*");
    private static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";
    private static final String OWN_FILES = "; a release may write only its own files under etc/";
    private static final String START_LEVEL = "; application code must not start before the platform (and its"
            + " crash recovery)";

    private final String entry;
    private final Map<String, String> digests;
    private final Predicate<String> distributionHas;
    private final Distribution distribution;
    private final String displayName;
    private final Set<String> defined = new HashSet<>();

    private ReleaseConfinement(String entry, Map<String, String> digests, Predicate<String> distributionHas,
            Distribution distribution, String displayName) {
        this.entry = requireNonNull(entry, "entry");
        this.digests = requireNonNull(digests, "digests");
        this.distributionHas = requireNonNull(distributionHas, "distributionHas");
        this.distribution = requireNonNull(distribution, "distribution");
        this.displayName = requireNonNull(displayName, "displayName");
    }

    /**
     * @param entry           the features XML's entry name, for messages
     * @param digests         the archive's file entries
     * @param distributionHas whether the distribution's own repository holds a {@code mvn:} URL
     * @return the features, checked, in document order
     * @throws ArchiveRejectedException INVALID_FEATURES for a bundle location that is not a plain {@code mvn:}
     *                                  URL, MISSING_BUNDLE for a bundle found nowhere, FORBIDDEN_ELEMENT for an
     *                                  element beyond the application's confinement
     */
    static List<ArchivedFeature> check(String entry, FeaturesRepository repository, Map<String, String> digests,
            Predicate<String> distributionHas, Distribution distribution, String displayName)
            throws ArchiveRejectedException {
        return new ReleaseConfinement(entry, digests, distributionHas, distribution, displayName).check(repository);
    }

    private List<ArchivedFeature> check(FeaturesRepository repository) throws ArchiveRejectedException {
        for (DeclaredElement element : repository.repositories()) {
            repository(element);
        }
        repository.features().forEach(feature -> defined.add(feature.name()));
        List<ArchivedFeature> features = new ArrayList<>();
        for (DeclaredFeature feature : repository.features()) {
            features.add(feature(feature));
        }
        return features;
    }

    /** Karaf registers a referenced repository with the archive's, and installs from it. */
    private void repository(DeclaredElement element) throws ArchiveRejectedException {
        String url = element.text().strip();
        if (!isMavenUrl(url) || !distribution.repositories().test(url)) {
            throw forbidden("features XML " + EntryNames.quote(entry) + ": " + element.asWritten() + " refers to"
                    + " a repository that is not one of the distribution's own; a release may refer only to those");
        }
    }

    private ArchivedFeature feature(DeclaredFeature feature) throws ArchiveRejectedException {
        if (distribution.platformFeatures().test(feature.name())) {
            throw forbidden("feature " + feature.label() + ": the name " + EntryNames.quote(
                    EntryNames.bounded(feature.name(), DeclaredElement.SHOWN)) + " is a feature of the platform;"
                    + " an application release cannot define or replace it");
        }
        // Karaf starts a bundle without a start level of its own at the feature's
        startLevel(feature, feature.element(), "its bundles");
        List<String> bundles = new ArrayList<>();
        List<ArchivedConfig> configs = new ArrayList<>();
        List<ArchivedConfigFile> files = new ArrayList<>();
        List<ArchivedDependency> dependencies = new ArrayList<>();
        for (DeclaredElement element : feature.elements()) {
            switch (element.name()) {
                case "bundle" -> bundles.add(bundle(feature, element));
                case "config" -> configs.add(config(feature, element));
                case "configfile" -> files.add(configFile(feature, element));
                case "feature" -> dependencies.add(dependency(feature, element));
                case "library" -> throw refused(feature, element, "would add a " + Optional.of(element.attribute(
                        "type").strip()).filter(type -> !type.isEmpty()).orElse("default") + " library to the"
                        + " platform; a release cannot add boot, endorsed, extension or default libraries");
                default -> {
                    // see the class comment
                }
            }
        }
        return new ArchivedFeature(feature.name(), feature.version(), bundles, configs, files, dependencies);
    }

    private String bundle(DeclaredFeature feature, DeclaredElement element) throws ArchiveRejectedException {
        String location = element.text().strip();
        MavenPath path;
        try {
            path = MavenPath.parse(location);
        } catch (IllegalArgumentException e) {
            throw new ArchiveRejectedException(displayName, Reason.INVALID_FEATURES, "feature " + feature.label()
                    + " names bundle " + EntryNames.quote(EntryNames.bounded(location, DeclaredElement.SHOWN))
                    + ", which is not a plain mvn: URL");
        }
        if (!inArchive(path) && !distributionHas.test(location)) {
            throw new ArchiveRejectedException(displayName, Reason.MISSING_BUNDLE, "feature " + feature.label()
                    + " names bundle " + location + ", found neither in the archive nor in the distribution's"
                    + " repository");
        }
        startLevel(feature, element, "");
        return location;
    }

    /**
     * Karaf reads a start level of 0 or less as none (the default, {@link Distribution#APPLICATION_START_LEVEL});
     * the XSD has made sure it is an {@code xs:int}.
     */
    private void startLevel(DeclaredFeature feature, DeclaredElement element, String what)
            throws ArchiveRejectedException {
        String written = element.attribute("start-level").strip();
        if (written.isEmpty()) {
            return;
        }
        int level;
        try {
            level = Integer.parseInt(written);
        } catch (NumberFormatException e) {
            throw refused(feature, element, "has no start level Slipway can read" + START_LEVEL);
        }
        if (level > 0 && level < Distribution.APPLICATION_START_LEVEL) {
            throw refused(feature, element, "would start " + (what.isEmpty() ? "" : what + " ") + "at start level "
                    + level + ", before the application start level " + Distribution.APPLICATION_START_LEVEL
                    + START_LEVEL);
        }
    }

    private ArchivedConfig config(DeclaredFeature feature, DeclaredElement element) throws ArchiveRejectedException {
        String pid = element.attribute("name");
        if (!PID.matcher(pid).matches() || pid.endsWith(".")) {
            throw refused(feature, element, "names no configuration PID (letters, digits and . _ - ~ only), and"
                    + " Karaf would store it as etc/" + EntryNames.bounded(pid, DeclaredElement.SHOWN) + ".cfg");
        }
        if (PlatformConfiguration.isPlatformPid(pid)) {
            String factory = PlatformConfiguration.factoryPid(pid);
            throw refused(feature, element, "would " + (factory.equals(pid) ? "change configuration " + pid
                    : "create a factory configuration of " + factory) + ", a configuration of the platform;"
                    + " a release may configure only its own PIDs");
        }
        if (element.flag("external")) {
            // Karaf reads the properties from whatever URL the text names (FeatureConfigInstaller: new
            // URL(value)), file: and http: included, so they are not in the archive, and no plan can show them.
            throw refused(feature, element, "would read its properties from " + EntryNames.quote(EntryNames
                    .bounded(element.text().strip(), DeclaredElement.SHOWN)) + ", outside the features XML;"
                    + " a release's configurations must be written in its features XML");
        }
        // as Karaf's Feature.postUnmarshall: each line trimmed
        String content = element.text().lines().map(String::strip).collect(Collectors.joining("\n")).strip();
        ArchivedConfig config = new ArchivedConfig(pid, content, element.flag("append"), element.flag("override"),
                element.conditions());
        Optional<String> platformFile = ConfigFileTarget.platformFile(config.file());
        if (platformFile.isPresent()) {
            throw refused(feature, element, "would be stored as " + config.file() + ", a file of the platform ("
                    + platformFile.get() + ")" + OWN_FILES);
        }
        Optional<String> expression = Interpolation.first(content);
        if (expression.isPresent()) {
            throw refused(feature, element, Interpolation.refusal(expression.get()));
        }
        if (content.toLowerCase(Locale.ROOT).contains(FILEINSTALL_FILENAME)) {
            // Felix fileinstall writes a configuration back to the file this property names, and Karaf keeps a
            // value from the feature when it does not store configurations itself (configCfgStore=false)
            throw refused(feature, element, "sets " + FILEINSTALL_FILENAME + ", which would have fileinstall write"
                    + " the configuration to another file" + OWN_FILES);
        }
        return config;
    }

    private ArchivedConfigFile configFile(DeclaredFeature feature, DeclaredElement element)
            throws ArchiveRejectedException {
        ConfigFileTarget.Resolution target = ConfigFileTarget.resolve(element.attribute("finalname"));
        if (target.problem().isPresent()) {
            throw refused(feature, element, target.problem().get() + OWN_FILES);
        }
        // FeatureConfigInstaller opens new URL(location): a URL's surrounding white space is ignored
        String location = element.text().strip();
        if (!isMavenUrl(location) || !inArchive(MavenPath.parse(location))) {
            throw refused(feature, element, "would write " + target.path() + " from " + EntryNames.quote(
                    EntryNames.bounded(location, DeclaredElement.SHOWN)) + ", which is not a file of the archive;"
                    + " a release's files must come from the archive (a plain mvn: URL under repository/)");
        }
        return new ArchivedConfigFile(target.path(), location, element.flag("override"), element.conditions());
    }

    private ArchivedDependency dependency(DeclaredFeature feature, DeclaredElement element)
            throws ArchiveRejectedException {
        String name = element.text().strip();
        boolean prerequisite = element.flag("prerequisite");
        if (!defined.contains(name) && !distribution.offeredFeatures().test(name)) {
            throw refused(feature, element, "depends on feature " + EntryNames.quote(EntryNames.bounded(name,
                    DeclaredElement.SHOWN)) + (prerequisite ? " as a prerequisite" : "") + ", which this archive"
                    + " does not define and the distribution does not offer to applications; a release may"
                    + " depend only on its own features and those the distribution offers");
        }
        return new ArchivedDependency(name, element.attribute("version").strip(), prerequisite,
                element.conditions());
    }

    private boolean inArchive(MavenPath path) {
        return digests.containsKey(EntryNames.REPOSITORY + path.repositoryPath());
    }

    private static boolean isMavenUrl(String url) {
        try {
            MavenPath.parse(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private ArchiveRejectedException refused(DeclaredFeature feature, DeclaredElement element, String why) {
        String where = element.conditions().isEmpty() ? "" : " inside <conditional>";
        String written = element.name().equals("config") || element.name().equals("configfile")
                || element == feature.element() ? element.openingTag() : element.asWritten();
        return forbidden("feature " + feature.label() + ": " + written + where + " " + why);
    }

    private ArchiveRejectedException forbidden(String detail) {
        return new ArchiveRejectedException(displayName, Reason.FORBIDDEN_ELEMENT, detail);
    }
}
