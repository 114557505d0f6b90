package org.slipway.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Bundle manifests and manifest-only bundle jars, written with the JDK's jar API (no bnd). */
final class TestBundles {

    private TestBundles() {
    }

    /** @return an OSGi R4+ manifest naming the bundle */
    static Manifest manifest(String symbolicName, String version) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        return manifest;
    }

    /**
     * Writes a bundle that is only a manifest, importing {@code importPackage} (none when {@code null}).
     *
     * @return {@code target}
     */
    static Path manifestOnly(Path target, String symbolicName, String version, String importPackage)
            throws IOException {
        Manifest manifest = manifest(symbolicName, version);
        if (importPackage != null && !importPackage.isBlank()) {
            manifest.getMainAttributes().putValue("Import-Package", importPackage);
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(target), manifest)) {
            jar.flush();
        }
        return target;
    }
}
