package org.slipway.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The release archives built by the reactor ({@code slipway.archives}) and bad variants of them, made by
 * rewriting their entries: with the checksum manifest recomputed (so that a later check is what refuses)
 * or kept as it was.
 */
final class Archives {

    static final String CHECKSUMS = "META-INF/slipway-checksums.sha256";

    private Archives() {
    }

    /** The built archive of a greeter release. */
    static Path greeter(String release) {
        String folder = System.getProperty("slipway.archives");
        if (folder == null) {
            throw new IllegalStateException("System property slipway.archives is not set");
        }
        Path archive = Path.of(folder, "greeter-" + release + ".kar");
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("No archive " + archive + ": build the features module first");
        }
        return archive;
    }

    /** @return the entries of a zip, in order */
    static Map<String, byte[]> read(Path archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /**
     * Writes a variant of {@code archive}: {@code change} edits its entries; the checksum manifest is then
     * recomputed when {@code checksums}, else kept as it was.
     */
    static Path variant(Path archive, Path target, boolean checksums, Consumer<Map<String, byte[]>> change)
            throws IOException {
        Map<String, byte[]> entries = read(archive);
        change.accept(entries);
        if (checksums) {
            entries.put(CHECKSUMS, checksums(entries));
        }
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return target;
    }

    /** @return the name of the archive's features XML entry */
    static String featuresEntry(Map<String, byte[]> entries) {
        return entries.keySet().stream().filter(n -> n.startsWith("repository/") && n.endsWith(".xml")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no features XML in " + entries.keySet()));
    }

    /** Replaces {@code from} by {@code to} in the archive's features XML. */
    static void editFeatures(Map<String, byte[]> entries, String from, String to) {
        String name = featuresEntry(entries);
        String xml = new String(entries.get(name), StandardCharsets.UTF_8);
        if (!xml.contains(from)) {
            throw new IllegalStateException(name + " has no \"" + from + "\":\n" + xml);
        }
        entries.put(name, xml.replace(from, to).getBytes(StandardCharsets.UTF_8));
    }

    /** The file greeter's {@code <configfile>} installs, as the archive carries it: its entry and its URL. */
    static final String GREETER_EXTRA_ENTRY = "repository/org/slipway/example/greeter-extra/1.3.0/greeter-extra-1.3.0.cfg";
    static final String GREETER_EXTRA_URL = "mvn:org.slipway.example/greeter-extra/1.3.0/cfg";
    static final String GREETER_EXTRA_CONTENT = "# greeter 1.3.0's extra settings\nextra.enabled = true\n";
    /** Where Karaf writes it, relative to the instance. */
    static final String GREETER_EXTRA_FILE = "etc/org.example.greeter.extra.cfg";
    /** The configuration greeter's {@code <config>} writes. */
    static final String GREETER_PID = "org.example.greeter";

    /** Adds {@code elements} to the greeter feature of the archive's features XML, after its feature dependencies. */
    static void addToGreeter(Map<String, byte[]> entries, String... elements) {
        String after = "<feature>http-whiteboard</feature>";
        editFeatures(entries, after, after + "\n        " + String.join("\n        ", elements));
    }

    /**
     * Makes greeter's release write what a legitimate release may write: configuration {@value #GREETER_PID}
     * ({@code greeting = Howdy}, {@code api.password = s3cret}, overriding an existing one) and the file
     * {@value #GREETER_EXTRA_FILE}, carried in the archive as {@value #GREETER_EXTRA_URL}.
     */
    static void addGreeterContent(Map<String, byte[]> entries) {
        entries.put(GREETER_EXTRA_ENTRY, GREETER_EXTRA_CONTENT.getBytes(StandardCharsets.UTF_8));
        addToGreeter(entries,
                "<config name=\"" + GREETER_PID + "\" override=\"true\">\n"
                        + "            greeting = Howdy\n"
                        + "            api.password = s3cret\n"
                        + "        </config>",
                "<configfile finalname=\"${karaf.etc}/org.example.greeter.extra.cfg\">" + GREETER_EXTRA_URL
                        + "</configfile>");
    }

    private static byte[] checksums(Map<String, byte[]> entries) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(entries).forEach((name, bytes) -> {
            if (!name.startsWith("META-INF/") && !name.endsWith("/")) {
                lines.append(sha256(bytes)).append("  ").append(name).append('\n');
            }
        });
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
