package org.slipway.core.internal.archive;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a valid release archive (a features XML in the v1.6.0 namespace naming two tiny bundles, with correct
 * checksums) and lets a test spoil it before {@link #write writing} it.
 */
public final class ArchiveFixtures {

    public static final String FEATURES = "repository/org/slipway/example/greeter/1.1.0/greeter-1.1.0-features.xml";
    public static final String FEATURES_URL = "mvn:org.slipway.example/greeter/1.1.0/xml/features";
    public static final String API_URL = "mvn:org.slipway.example/org.slipway.example.greeter.api/1.1.0";
    public static final String IMPL_URL = "mvn:org.slipway.example/org.slipway.example.greeter.impl/1.1.0";
    public static final String API = "repository/" + MavenPath.parse(API_URL).repositoryPath();
    public static final String IMPL = "repository/" + MavenPath.parse(IMPL_URL).repositoryPath();
    public static final String CHECKSUMS = "META-INF/slipway-checksums.sha256";

    /** Karaf's features XSDs, from org.apache.karaf.features.core on the test class path. */
    public static final Function<String, Optional<URL>> KARAF_XSDS = namespace -> namespace
            .startsWith(FeaturesXml.NAMESPACE_PREFIX)
                    ? Optional.ofNullable(ArchiveFixtures.class.getResource("/org/apache/karaf/features/karaf-features-"
                            + namespace.substring(FeaturesXml.NAMESPACE_PREFIX.length()) + ".xsd"))
                    : Optional.empty();

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final Set<String> stored = new HashSet<>();
    private boolean checksums = true;
    private boolean directories;

    private ArchiveFixtures() {
    }

    /** @return a valid release archive: features XML, two bundle jars, a manifest */
    public static ArchiveFixtures release() {
        ArchiveFixtures archive = new ArchiveFixtures();
        archive.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n");
        archive.put(FEATURES, featuresXml(API_URL, IMPL_URL));
        archive.put(API, bundleJar("org.slipway.example.greeter.api", "1.1.0"));
        archive.put(IMPL, bundleJar("org.slipway.example.greeter.impl;singleton:=true", "1.1.0"));
        return archive;
    }

    /**
     * Replaces the features XML with {@code featuresXml}, and removes the release's bundle jars it does not name:
     * an archive may carry only what its features use.
     */
    public ArchiveFixtures withFeatures(String featuresXml) {
        put(FEATURES, featuresXml);
        if (!featuresXml.contains(API_URL)) {
            remove(API);
        }
        if (!featuresXml.contains(IMPL_URL)) {
            remove(IMPL);
        }
        return this;
    }

    public ArchiveFixtures put(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    public ArchiveFixtures put(String name, String content) {
        return put(name, content.getBytes(UTF_8));
    }

    public ArchiveFixtures remove(String name) {
        entries.remove(name);
        return this;
    }

    /** Writes {@code name} uncompressed (STORED), so that its bytes can be found and changed in the file. */
    ArchiveFixtures stored(String name) {
        stored.add(name);
        return this;
    }

    /** Writes no checksum manifest of its own (one {@link #put} explicitly is still written). */
    public ArchiveFixtures withoutChecksums() {
        checksums = false;
        return this;
    }

    /** Writes a directory entry for every folder. */
    ArchiveFixtures withDirectories() {
        directories = true;
        return this;
    }

    /** @return the checksum manifest this archive would get */
    String checksumManifest() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, byte[]> entry : new TreeMap<>(entries).entrySet()) {
            if (!entry.getKey().startsWith("META-INF/") && !entry.getKey().endsWith("/")) {
                out.append(sha256(entry.getValue())).append("  ").append(entry.getKey()).append('\n');
            }
        }
        return out.toString();
    }

    public Path write(Path file) throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>(entries);
        if (checksums && !all.containsKey(CHECKSUMS)) {
            all.put(CHECKSUMS, checksumManifest().getBytes(UTF_8));
        }
        Set<String> written = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : all.entrySet()) {
                if (directories) {
                    String name = entry.getKey();
                    for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                        if (written.add(name.substring(0, slash + 1))) {
                            zip.putNextEntry(new ZipEntry(name.substring(0, slash + 1)));
                            zip.closeEntry();
                        }
                    }
                }
                zip.putNextEntry(entry(entry.getKey(), entry.getValue()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private ZipEntry entry(String name, byte[] content) {
        ZipEntry entry = new ZipEntry(name);
        if (stored.contains(name)) {
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            entry.setCompressedSize(content.length);
            entry.setCrc(crc.getValue());
        }
        return entry;
    }

    /** @return a features XML in the v1.6.0 namespace: feature greeter 1.1.0 with the first bundle plain, the
     *          others in a conditional */
    public static String featuresXml(String... bundles) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<features xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\" name=\"greeter-1.1.0\">\n"
                + "    <feature name=\"greeter\" version=\"1.1.0\">\n");
        for (int i = 0; i < bundles.length && i < 1; i++) {
            xml.append("        <bundle>").append(bundles[i]).append("</bundle>\n");
        }
        if (bundles.length > 1) {
            xml.append("        <conditional>\n            <condition>webconsole</condition>\n");
            for (int i = 1; i < bundles.length; i++) {
                xml.append("            <bundle start-level=\"80\">\n                ").append(bundles[i])
                        .append("\n            </bundle>\n");
            }
            xml.append("        </conditional>\n");
        }
        return xml.append("    </feature>\n    <feature name=\"greeter-tools\">\n    </feature>\n</features>\n")
                .toString();
    }

    /** @return a features XML in the v1.6.0 namespace, named greeter-1.1.0, with {@code content} as its body */
    public static String features(String... content) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<features xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\" name=\"greeter-1.1.0\">\n"
                + String.join("\n", content) + "\n</features>\n";
    }

    /**
     * @return feature greeter 1.1.0: the API bundle, then {@code elements}, in a features XML of its own (see
     *         {@link #features})
     */
    public static String greeter(String... elements) {
        return features("    <feature name=\"greeter\" version=\"1.1.0\">",
                "        <bundle>" + API_URL + "</bundle>", "        " + String.join("\n        ", elements),
                "    </feature>");
    }

    private static final long FIXED_TIME = 1_700_000_000_000L;

    /** @return a jar whose manifest has the given {@code Bundle-SymbolicName} (none if {@code null}) */
    public static byte[] bundleJar(String symbolicName, String version) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Bundle-SymbolicName", symbolicName);
        }
        if (version != null) {
            main.putValue("Bundle-Version", version);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Fixed entry times: the same bundle built twice is the same bytes (a deploy compares files in system/).
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            ZipEntry manifestEntry = new ZipEntry("META-INF/MANIFEST.MF");
            manifestEntry.setTime(FIXED_TIME);
            jar.putNextEntry(manifestEntry);
            manifest.write(jar);
            jar.closeEntry();
            ZipEntry greeting = new ZipEntry("org/slipway/example/Greeting.txt");
            greeting.setTime(FIXED_TIME);
            jar.putNextEntry(greeting);
            jar.write(("Hello from " + symbolicName + " " + version + "\n").getBytes(UTF_8));
            jar.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
