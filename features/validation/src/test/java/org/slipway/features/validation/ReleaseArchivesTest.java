package org.slipway.features.validation;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.BeforeClass;
import org.junit.Test;
import org.slipway.core.internal.archive.ReleaseArchiveFormat;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Every greeter release archive (greeter-RELEASE.kar, copied by maven-dependency-plugin into the folder
 * named by {@value #ARCHIVES_PROPERTY}) has the format that slipway-maven-plugin's ReleaseArchive states,
 * holds its release's features XML and every bundle that XML names, and is reproducible: the plugin's writer
 * run again on the same inputs, taken from the Maven repository, gives the same bytes.
 */
public class ReleaseArchivesTest {

    static final String ARCHIVES_PROPERTY = "slipway.archives.directory";

    private static final List<String> GREETER_RELEASES = List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "2.0.0");
    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String CHECKSUMS = "META-INF/slipway-checksums.sha256";
    private static final String REPOSITORY = "repository/";

    private static Path archivesDirectory;
    private static String timestamp;
    private static Path localRepository;

    @BeforeClass
    public static void setUp() {
        archivesDirectory = Paths.get(BuildProperties.required(ARCHIVES_PROPERTY));
        timestamp = BuildProperties.required("slipway.archive.timestamp");
        localRepository = Paths.get(BuildProperties.required("slipway.local.repository"));
    }

    @Test
    public void theArchivesAreExactlyThoseOfTheGreeterReleases() throws IOException {
        assertTrue(archivesDirectory + " does not exist: run the build (process-test-resources copies the "
                + "archives)", Files.isDirectory(archivesDirectory));
        Set<String> expected = GREETER_RELEASES.stream().map(r -> "greeter-" + r + ".kar")
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> found;
        try (Stream<Path> files = Files.list(archivesDirectory)) {
            found = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals("release archives in " + archivesDirectory, expected, found);
    }

    @Test
    public void eachArchiveHasTheReleaseArchiveFormat() throws Exception {
        LocalDateTime time = entryTime(timestamp);
        for (String release : GREETER_RELEASES) {
            String kar = "greeter-" + release + ".kar";
            Map<String, byte[]> entries = readInOrder(archive(release), time);
            List<String> names = new ArrayList<>(entries.keySet());

            assertEquals(kar + ": entries must be sorted by name", names.stream().sorted()
                    .collect(Collectors.toList()), names);
            assertEquals(kar + ": the manifest first, then the checksums", List.of(MANIFEST, CHECKSUMS),
                    names.subList(0, Math.min(2, names.size())));
            for (String name : names) {
                assertTrue(kar + ": entry outside META-INF/ and repository/: " + name,
                        name.startsWith("META-INF/") || name.startsWith(REPOSITORY));
            }
            assertEquals(kar + ": manifest", "Manifest-Version: 1.0\r\nCreated-By: Slipway\r\n"
                    + "Slipway-Release: greeter/" + release + "\r\n\r\n",
                    new String(entries.get(MANIFEST), StandardCharsets.UTF_8));

            StringBuilder checksums = new StringBuilder();
            for (String name : names) {
                if (!name.startsWith("META-INF/")) {
                    checksums.append(sha256(entries.get(name))).append("  ").append(name).append('\n');
                }
            }
            assertEquals(kar + ": " + CHECKSUMS + " must list the SHA-256 of every entry outside META-INF/",
                    checksums.toString(), new String(entries.get(CHECKSUMS), StandardCharsets.UTF_8));

            // The repository: the release's features XML and exactly the bundles it names, at Maven paths.
            String featuresPath = REPOSITORY + "org/slipway/example/greeter/" + release + "/greeter-"
                    + release + "-features.xml";
            byte[] features = entries.get(featuresPath);
            assertTrue(kar + " lacks its features XML " + featuresPath, features != null);
            Set<String> expected = new TreeSet<>();
            expected.add(featuresPath);
            for (String url : mvnBundles(features)) {
                expected.add(REPOSITORY + mavenPath(url));
            }
            assertEquals(kar + ": features XML 'greeter-" + release + "' and every mvn: bundle it names",
                    expected, names.stream().filter(n -> n.startsWith(REPOSITORY))
                            .collect(Collectors.toCollection(TreeSet::new)));
            assertTrue(kar + " names no bundle", expected.size() > 1);
        }
    }

    @Test
    public void writingAnArchiveAgainGivesTheSameBytes() throws Exception {
        for (String release : GREETER_RELEASES) {
            String featuresPath = "org/slipway/example/greeter/" + release + "/greeter-" + release + "-features.xml";
            Map<String, byte[]> inputs = new LinkedHashMap<>();
            byte[] features = Files.readAllBytes(localRepository.resolve(featuresPath));
            inputs.put(featuresPath, features);
            for (String url : mvnBundles(features)) {
                inputs.put(mavenPath(url), Files.readAllBytes(localRepository.resolve(mavenPath(url))));
            }
            Path again = Files.createTempFile("greeter-" + release + "-", ".kar");
            try {
                ReleaseArchiveFormat.write(inputs, again, "greeter/" + release, ReleaseArchiveFormat.entryTime(timestamp));
                assertArrayEquals("greeter-" + release + ".kar written again from the features XML and bundles in "
                        + localRepository, Files.readAllBytes(archive(release)), Files.readAllBytes(again));
            } finally {
                Files.deleteIfExists(again);
            }
        }
    }

    private static Path archive(String release) {
        Path kar = archivesDirectory.resolve("greeter-" + release + ".kar");
        assertTrue(kar + " does not exist", Files.isRegularFile(kar));
        return kar;
    }

    /**
     * The entries of a zip in the order they are stored, with their content, after asserting of each that
     * it is a DEFLATED file (not a folder) with the build's time and no extra fields.
     */
    private static Map<String, byte[]> readInOrder(Path zip, LocalDateTime time) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entriesIn = new ZipInputStream(in)) {
            for (ZipEntry e; (e = entriesIn.getNextEntry()) != null; ) {
                String where = zip.getFileName() + "!" + e.getName();
                assertTrue(where + ": directory entry", !e.isDirectory());
                assertEquals(where + ": compression method", ZipEntry.DEFLATED, e.getMethod());
                assertNull(where + ": extra fields", e.getExtra());
                assertEquals(where + ": time", time, e.getTimeLocal());
                assertNull(where + ": a second entry with this name", entries.put(e.getName(),
                        entriesIn.readAllBytes()));
            }
        }
        return entries;
    }

    /** The {@code mvn:} locations of the {@code <bundle>}s of a features XML. */
    private static List<String> mvnBundles(byte[] featuresXml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler());
        Document document = builder.parse(new java.io.ByteArrayInputStream(featuresXml));
        NodeList bundles = document.getElementsByTagNameNS("*", "bundle");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < bundles.getLength(); i++) {
            String url = bundles.item(i).getTextContent().trim();
            if (url.startsWith("mvn:")) {
                urls.add(url);
            }
        }
        return urls;
    }

    /** {@code mvn:g/a/v[/type[/classifier]]} as a path in a Maven-layout repository. */
    static String mavenPath(String url) {
        String[] parts = url.substring("mvn:".length()).split("/");
        assertTrue("not mvn:groupId/artifactId/version[/type[/classifier]]: " + url,
                parts.length >= 3 && parts.length <= 5);
        String type = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "jar";
        String classifier = parts.length > 4 ? "-" + parts[4] : "";
        return parts[0].replace('.', '/') + "/" + parts[1] + "/" + parts[2] + "/" + parts[1] + "-" + parts[2]
                + classifier + "." + type;
    }

    private static LocalDateTime entryTime(String outputTimestamp) {
        Instant instant = outputTimestamp.chars().allMatch(Character::isDigit)
                ? Instant.ofEpochSecond(Long.parseLong(outputTimestamp))
                : OffsetDateTime.parse(outputTimestamp).toInstant();
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String sha256(byte[] content) throws Exception {
        StringBuilder hex = new StringBuilder(64);
        for (byte b : MessageDigest.getInstance("SHA-256").digest(content)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
