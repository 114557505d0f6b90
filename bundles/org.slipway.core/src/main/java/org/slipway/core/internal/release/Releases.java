package org.slipway.core.internal.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.slipway.core.internal.archive.MavenPath;
import org.slipway.core.internal.archive.ReleaseArchiveFormat;

/** Builds a {@link Release} from a features XML and a way to fetch the artifacts it names. */
public final class Releases {

    /** Fetches the bytes of one artifact. */
    @FunctionalInterface
    public interface Artifacts {
        /**
         * @throws IllegalArgumentException when the artifact cannot be found; the message names it
         */
        byte[] fetch(MavenPath path) throws IOException;
    }

    private Releases() {
    }

    /**
     * @param feature the feature that is the release; {@code null} when the file defines exactly one
     * @param source  where the release comes from, for messages
     */
    public static Release of(FeaturesFile file, String feature, String source, Artifacts artifacts) {
        FeaturesFile.Feature picked = file.feature(feature);
        List<ReleaseBundle> bundles = new ArrayList<>();
        for (MavenPath path : file.bundles(picked)) {
            try {
                bundles.add(ReleaseBundle.read(path.url(), artifacts.fetch(path)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + path.url() + " of " + source + ": " + e.getMessage(),
                        e);
            }
        }
        return new Release(picked.name(), picked.version(), source, bundles);
    }

    /**
     * Reads a release from an archive: Slipway's format or a plain KAR (a {@code repository/} folder in
     * Maven layout holding a features XML and the artifacts it names).
     *
     * @param feature the feature that is the release; {@code null} when the archive has exactly one
     * @throws IllegalArgumentException when the archive has no or several features XMLs, an entry leaves
     *         {@code repository/}, or a bundle the feature names is not in it; the message names the archive
     */
    public static Release fromArchive(Path archive, String feature) throws IOException {
        Map<String, byte[]> repository = new HashMap<>();
        List<String> featuresEntries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || name.startsWith("META-INF/")) {
                    continue;
                }
                if (!name.startsWith(ReleaseArchiveFormat.REPOSITORY) || name.contains("..") || name.contains("\\")) {
                    throw new IllegalArgumentException("Archive " + archive + " has entry " + name
                            + " outside repository/");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] bytes = in.readAllBytes();
                    String path = name.substring(ReleaseArchiveFormat.REPOSITORY.length());
                    repository.put(path, bytes);
                    if (name.endsWith(".xml") && new String(bytes, 0, Math.min(bytes.length, 4096),
                            StandardCharsets.UTF_8).contains(FeaturesFile.NAMESPACE_PREFIX)) {
                        featuresEntries.add(path);
                    }
                }
            }
        }
        if (featuresEntries.size() != 1) {
            throw new IllegalArgumentException("Archive " + archive + " holds " + featuresEntries.size()
                    + " features XMLs " + featuresEntries + "; a release archive holds exactly one");
        }
        String source = archive.getFileName().toString();
        FeaturesFile file = FeaturesFile.parse(source + "!/" + ReleaseArchiveFormat.REPOSITORY + featuresEntries.get(0),
                repository.get(featuresEntries.get(0)));
        return of(file, feature, source, path -> {
            byte[] bytes = repository.get(path.repositoryPath());
            if (bytes == null) {
                throw new IllegalArgumentException("Archive " + archive + " does not hold " + path.url()
                        + " (" + ReleaseArchiveFormat.REPOSITORY + path.repositoryPath() + ")");
            }
            return bytes;
        });
    }
}
