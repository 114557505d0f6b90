import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a Slipway release archive: a Karaf KAR whose bytes depend only on its inputs.
 *
 * <p>Usage (a JEP 330 single-file source program, no compile step):
 * <pre>java ReleaseArchiveWriter.java STAGE OUTPUT RELEASE TIMESTAMP</pre>
 * STAGE is a folder holding only {@code repository/} (a Maven-layout repository with the release's
 * features XML and every bundle it names), OUTPUT the KAR to write, RELEASE the release id written to the
 * manifest ({@code greeter/1.1.0}), TIMESTAMP Maven's {@code project.build.outputTimestamp} (ISO-8601 such
 * as {@code 2026-01-01T00:00:00Z}, or seconds since the epoch).
 *
 * <p>The archive, a zip file, holds in this order and nothing else (no directory entries):
 * <ol>
 * <li>{@code META-INF/MANIFEST.MF}: {@code Manifest-Version: 1.0}, {@code Created-By: Slipway},
 *     {@code Slipway-Release: RELEASE}, CRLF line endings, closed by an empty line as in a jar;</li>
 * <li>{@code META-INF/slipway-checksums.sha256}: one line per entry outside {@code META-INF/}, sorted by
 *     entry name, {@code <64 lowercase hex SHA-256>  <entry name>\n} (sha256sum's format);</li>
 * <li>every file of STAGE as {@code repository/...}, sorted by entry name, except the bookkeeping files
 *     of a Maven local repository that maven-dependency-plugin's {@code useRepositoryLayout} leaves there
 *     ({@code _remote.repositories}, {@code maven-metadata*.xml}, {@code resolver-status.properties},
 *     {@code *.lastUpdated}): they hold times and repository ids, and Karaf needs none of them.</li>
 * </ol>
 * These names are also sorted as a whole. Every entry is DEFLATED, has no extra fields and the time
 * {@link ZipEntry#setTimeLocal} of TIMESTAMP read in UTC, so the same inputs give the same bytes.
 */
public class ReleaseArchiveWriter {

    static final String REPOSITORY = "repository/";
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    static final String CHECKSUMS = "META-INF/slipway-checksums.sha256";

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java ReleaseArchiveWriter.java STAGE OUTPUT RELEASE TIMESTAMP");
            System.exit(2);
        }
        Path stage = Path.of(args[0]);
        Path output = Path.of(args[1]);
        long start = System.nanoTime();
        int entries = write(stage, output, args[2], entryTime(args[3]));
        System.out.printf("ReleaseArchiveWriter: %s (%d entries, %d bytes) in %d ms%n", output, entries,
                Files.size(output), (System.nanoTime() - start) / 1_000_000);
    }

    /** Writes the archive of {@code stage} to {@code output}; returns the number of entries. */
    static int write(Path stage, Path output, String release, LocalDateTime time)
            throws IOException, NoSuchAlgorithmException {
        List<String> names = stagedNames(stage);

        StringBuilder checksums = new StringBuilder();
        for (String name : names) {
            checksums.append(sha256(Files.readAllBytes(stage.resolve(name)))).append("  ").append(name)
                    .append('\n');
        }
        String manifest = "Manifest-Version: 1.0\r\n"
                + "Created-By: Slipway\r\n"
                + "Slipway-Release: " + release + "\r\n"
                + "\r\n";

        Files.createDirectories(output.toAbsolutePath().getParent());
        Path partial = output.resolveSibling(output.getFileName() + ".partial"); // no half-written KAR
        try {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                zip.setMethod(ZipOutputStream.DEFLATED);
                put(zip, MANIFEST, manifest.getBytes(StandardCharsets.UTF_8), time);
                put(zip, CHECKSUMS, checksums.toString().getBytes(StandardCharsets.UTF_8), time);
                for (String name : names) {
                    put(zip, name, Files.readAllBytes(stage.resolve(name)), time);
                }
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return names.size() + 2;
    }

    /** The regular files of {@code stage} as entry names ({@code /}-separated), sorted; all under repository/. */
    static List<String> stagedNames(Path stage) throws IOException {
        if (!Files.isDirectory(stage.resolve(REPOSITORY))) {
            throw new IOException(stage.resolve(REPOSITORY) + " is not a folder");
        }
        List<String> names;
        try (Stream<Path> files = Files.walk(stage)) {
            names = files.filter(Files::isRegularFile)
                    .filter(p -> !isBookkeeping(p.getFileName().toString()))
                    .map(p -> stage.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
        for (String name : names) {
            if (!name.startsWith(REPOSITORY)) {
                throw new IOException("Only " + REPOSITORY + " belongs in the stage folder " + stage + ": " + name);
            }
        }
        return names;
    }

    /** A Maven local repository's own files, which are not artifacts. */
    static boolean isBookkeeping(String fileName) {
        return fileName.equals("_remote.repositories")
                || fileName.equals("resolver-status.properties")
                || fileName.endsWith(".lastUpdated")
                || (fileName.startsWith("maven-metadata") && fileName.endsWith(".xml"));
    }

    private static void put(ZipOutputStream zip, String name, byte[] content, LocalDateTime time)
            throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.DEFLATED);
        entry.setTimeLocal(time); // DOS time only: no extended-timestamp extra field
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /** Maven's outputTimestamp (ISO-8601 with offset, or epoch seconds) as a UTC local date-time. */
    static LocalDateTime entryTime(String outputTimestamp) {
        Instant instant = outputTimestamp.chars().allMatch(Character::isDigit)
                ? Instant.ofEpochSecond(Long.parseLong(outputTimestamp))
                : OffsetDateTime.parse(outputTimestamp).toInstant();
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String sha256(byte[] content) throws NoSuchAlgorithmException {
        StringBuilder hex = new StringBuilder(64);
        for (byte b : MessageDigest.getInstance("SHA-256").digest(content)) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }
}
