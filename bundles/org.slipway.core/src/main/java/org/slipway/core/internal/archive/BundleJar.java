package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.Collections;

/**
 * A plain bundle jar that passed {@link ArchiveInspector#inspectBundle}.
 *
 * @param file          the jar
 * @param sha256        SHA-256 of the whole file, lowercase hex
 * @param symbolicName  {@code Bundle-SymbolicName} without its directives ({@code ;singleton:=true})
 * @param version       {@code Bundle-Version}, {@code 0.0.0} when absent
 * @param headers       every main manifest header, sorted by name
 */
public record BundleJar(Path file, String sha256, String symbolicName, String version, Map<String, String> headers) {

    public BundleJar {
        requireNonNull(file, "file");
        requireNonNull(sha256, "sha256");
        requireNonNull(symbolicName, "symbolicName");
        requireNonNull(version, "version");
        headers = Collections.unmodifiableMap(new TreeMap<>(headers));
    }

    @Override
    public String toString() {
        return symbolicName + " " + version + " (" + file.getFileName() + ")";
    }
}
