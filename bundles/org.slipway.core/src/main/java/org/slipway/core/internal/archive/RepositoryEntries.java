package org.slipway.core.internal.archive;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipFile;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Checks the archive's {@code repository/} entries against what its features use. Karaf's KAR installer copies
 * every entry under {@code repository/} into {@code system/}, where any later release or operator can install
 * it by its {@code mvn:} URL, so an entry no feature refers to is refused: a release carries only its features
 * XML, its features' bundles and their configuration files. And a configuration file the platform turns into a
 * configuration ({@code .cfg}, {@code .config}, {@code .json} under {@code etc/}) must not carry an expression
 * the platform expands ({@link Interpolation}).
 */
final class RepositoryEntries {

    private static final List<String> CONFIGURATIONS = List.of(".cfg", ".config", ".json");

    private RepositoryEntries() {
    }

    /**
     * @param entries the archive's entries under {@code repository/}
     * @throws ArchiveRejectedException FORBIDDEN_ELEMENT naming the first entry no feature uses, or the first
     *                                  configuration file with an expression, and the expression
     */
    static void check(ZipFile zip, String featuresEntry, List<ArchivedFeature> features, Set<String> entries,
            String displayName) throws ArchiveRejectedException, IOException {
        if (features.isEmpty()) {
            return; // refused as an archive that carries no feature, by whoever deploys it
        }
        Set<String> used = new HashSet<>();
        used.add(featuresEntry);
        for (ArchivedFeature feature : features) {
            feature.bundleLocations().forEach(location -> used.add(entry(location)));
            for (ArchivedConfigFile file : feature.configFiles()) {
                used.add(entry(file.location()));
                configuration(zip, feature, file, displayName);
            }
        }
        for (String name : entries) {
            if (!used.contains(name)) {
                throw new ArchiveRejectedException(displayName, Reason.FORBIDDEN_ELEMENT, "entry "
                        + EntryNames.quote(EntryNames.bounded(name, DeclaredElement.SHOWN)) + " is under "
                        + EntryNames.REPOSITORY + " but no feature of " + EntryNames.quote(featuresEntry)
                        + " uses it, and Karaf would copy it into system/; a release may carry only its features"
                        + " XML and what its features name");
            }
        }
    }

    private static void configuration(ZipFile zip, ArchivedFeature feature, ArchivedConfigFile file,
            String displayName) throws ArchiveRejectedException, IOException {
        String target = file.target().toLowerCase(Locale.ROOT);
        if (CONFIGURATIONS.stream().noneMatch(target::endsWith) || zip.getEntry(entry(file.location())) == null) {
            return;
        }
        // ISO-8859-1 maps every byte to one character: the expression's ASCII is found in any encoding of it
        String text = new String(ReleaseFeatures.read(zip, entry(file.location())), ISO_8859_1);
        Optional<String> expression = Interpolation.first(text);
        if (expression.isPresent()) {
            throw new ArchiveRejectedException(displayName, Reason.FORBIDDEN_ELEMENT, "feature " + feature.name()
                    + " " + feature.version() + ": <configfile finalname=\"" + file.target() + "\"> from "
                    + file.location() + " " + Interpolation.refusal(expression.get()));
        }
    }

    private static String entry(String location) {
        return EntryNames.REPOSITORY + MavenPath.parse(location).repositoryPath();
    }
}
