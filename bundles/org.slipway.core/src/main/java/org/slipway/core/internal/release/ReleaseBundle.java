package org.slipway.core.internal.release;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.slipway.core.internal.engine.BundleInfo;

/**
 * One bundle of a release: where the features XML names it, its identity and package headers, and its bytes.
 *
 * @param location      the {@code mvn:} URL of the features XML
 * @param symbolicName  Bundle-SymbolicName without attributes
 * @param version       Bundle-Version
 * @param exportPackage the raw Export-Package header, {@code ""} when none
 * @param importPackage the raw Import-Package header, {@code ""} when none
 * @param fragment      whether the bundle is a fragment (it has a Fragment-Host)
 * @param content       the jar's bytes
 */
public record ReleaseBundle(String location, String symbolicName, String version, String exportPackage,
        String importPackage, boolean fragment, byte[] content) {

    public ReleaseBundle {
        requireNonNull(location, "location");
        requireNonNull(symbolicName, "symbolicName");
        requireNonNull(version, "version");
        requireNonNull(exportPackage, "exportPackage");
        requireNonNull(importPackage, "importPackage");
        requireNonNull(content, "content");
    }

    /**
     * @param location where the features XML names the jar
     * @param content  the jar's bytes
     * @throws IllegalArgumentException when the jar has no manifest or no Bundle-SymbolicName
     */
    public static ReleaseBundle read(String location, byte[] content) {
        Manifest manifest;
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(content))) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            throw new IllegalArgumentException("Bundle " + location + " is not a jar: " + e.getMessage(), e);
        }
        if (manifest == null || manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
            throw new IllegalArgumentException("Bundle " + location + " is not an OSGi bundle: its manifest has no"
                    + " Bundle-SymbolicName");
        }
        var main = manifest.getMainAttributes();
        String name = main.getValue("Bundle-SymbolicName").split(";", 2)[0].trim();
        String version = main.getValue("Bundle-Version") == null ? "0.0.0" : main.getValue("Bundle-Version").trim();
        return new ReleaseBundle(location, name, version, orEmpty(main.getValue("Export-Package")),
                orEmpty(main.getValue("Import-Package")), main.getValue("Fragment-Host") != null, content);
    }

    /** @return the bundle as the engine's checker sees a bundle that is not installed */
    public BundleInfo info() {
        return new BundleInfo(-1, symbolicName, version, "", exportPackage, importPackage, Map.of(), List.of(),
                fragment);
    }

    @Override
    public String toString() {
        return symbolicName + " " + version;
    }

    private static String orEmpty(String header) {
        return header == null ? "" : header;
    }
}
