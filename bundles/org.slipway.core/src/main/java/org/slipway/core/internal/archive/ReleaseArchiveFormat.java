package org.slipway.core.internal.archive;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;


/**
 * Slipway's release archive: a Karaf KAR whose bytes depend only on its inputs. The zip holds, in this order
 * and nothing else (no directory entries):
 * <ol>
 * <li>{@code META-INF/MANIFEST.MF}: {@code Manifest-Version: 1.0}, {@code Created-By: Slipway},
 *     {@code Slipway-Release: <release>}, CRLF line endings, closed by an empty line as in a jar;</li>
 * <li>{@code META-INF/slipway-checksums.sha256}: one line per entry outside {@code META-INF/}, sorted by
 *     entry name, {@code <64 lowercase hex SHA-256>  <entry name>\n} (sha256sum's format);</li>
 * <li>the release's features XML and every artifact it names, as {@code repository/<Maven layout path>},
 *     sorted by entry name.</li>
 * </ol>
 * Every entry is DEFLATED, has no extra fields and the time of Maven's {@code project.build.outputTimestamp}
 * read in UTC. Stateless.
 */
public final class ReleaseArchiveFormat {

    public static final String REPOSITORY = "repository/";
    public static final String MANIFEST = "META-INF/MANIFEST.MF";
    public static final String CHECKSUMS = "META-INF/slipway-checksums.sha256";

    private ReleaseArchiveFormat() {
    }

    /** Writes the content of one entry. */
    @FunctionalInterface
    public interface Content {
        void writeTo(String entry, OutputStream out) throws IOException;
    }

    /**
     * Writes the archive; a half-written file never takes {@code output}'s name.
     *
     * @param content each entry below {@code repository/} (a Maven layout path) with its bytes
     * @param release the release id of the manifest, e.g. {@code greeter/1.1.0}
     * @param time    the time of every entry
     * @return the number of entries
     */
    public static int write(Map<String, byte[]> content, Path output, String release, LocalDateTime time)
            throws IOException {
        SortedMap<String, String> checksums = new TreeMap<>();
        content.forEach((path, bytes) -> checksums.put(REPOSITORY + path, sha256(bytes)));
        return write(checksums, (entry, out) -> out.write(content.get(entry.substring(REPOSITORY.length()))), output,
                release, time);
    }

    /**
     * Writes the archive from entries whose digests are known; a half-written file never takes
     * {@code output}'s name, which may be the archive {@code content} reads from.
     *
     * @param checksums every entry name (under {@code repository/}) with the SHA-256 of its content, lowercase hex
     * @param content   writes an entry's content
     * @return the number of entries
     */
    public static int write(SortedMap<String, String> checksums, Content content, Path output, String release,
            LocalDateTime time) throws IOException {
        StringBuilder lines = new StringBuilder();
        checksums.forEach((name, sha256) -> lines.append(sha256).append("  ").append(name).append('\n'));
        String manifest = "Manifest-Version: 1.0\r\nCreated-By: Slipway\r\nSlipway-Release: " + release
                + "\r\n\r\n";
        Path absolute = output.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".partial");
        try {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                zip.setMethod(ZipOutputStream.DEFLATED);
                put(zip, MANIFEST, time).write(manifest.getBytes(StandardCharsets.UTF_8));
                put(zip, CHECKSUMS, time).write(lines.toString().getBytes(StandardCharsets.UTF_8));
                for (String name : checksums.keySet()) {
                    content.writeTo(name, put(zip, name, time));
                }
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return checksums.size() + 2;
    }

    /** Maven's outputTimestamp (ISO-8601 with offset, or epoch seconds) as a UTC local date-time. */
    public static LocalDateTime entryTime(String outputTimestamp) {
        Instant instant = outputTimestamp.chars().allMatch(Character::isDigit)
                ? Instant.ofEpochSecond(Long.parseLong(outputTimestamp))
                : OffsetDateTime.parse(outputTimestamp).toInstant();
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }


    /** Starts entry {@code name}; @return the stream to write its content to */
    private static OutputStream put(ZipOutputStream zip, String name, LocalDateTime time) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.DEFLATED);
        entry.setTimeLocal(time); // DOS time only: no extended-timestamp extra field
        zip.putNextEntry(entry);
        return zip;
    }

    static String sha256(byte[] content) {
        try {
            StringBuilder hex = new StringBuilder(64);
            for (byte b : MessageDigest.getInstance("SHA-256").digest(content)) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
