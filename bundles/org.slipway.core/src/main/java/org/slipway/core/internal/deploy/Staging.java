package org.slipway.core.internal.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Copies an archive (a file, or a URL the framework can open) to a private folder under {@code data/}
 * before it is inspected, so that what is checked is what is installed, and refuses it as soon as it grows
 * past the size limit. A path and a {@code file:} URL must name a regular file (not a FIFO, device or folder)
 * within the size limit, checked before it is opened; any other URL must connect and deliver within
 * {@link #READ_TIMEOUT} of silence and {@link #TIME_LIMIT} in all.
 */
final class Staging {

    /** The longest a URL may stay silent while it is staged. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** The longest staging may take in all. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(120);

    private final Path incoming;
    private final long maxBytes;

    Staging(Path incoming, long maxBytes) {
        this.incoming = requireNonNull(incoming, "incoming");
        this.maxBytes = maxBytes;
    }

    /** @return the staged copy; the caller deletes it */
    /**
     * Removes copies a stop of the JVM left behind ({@code deploy-*.staged}); call at start, before any deploy.
     *
     * @return how many were removed
     */
    int removeLeftovers() throws IOException {
        if (!Files.isDirectory(incoming)) {
            return 0;
        }
        int removed = 0;
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(incoming, "deploy-*.staged")) {
            for (Path file : files) {
                if (Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    Path stage(String location, String name) throws IOException, ArchiveRejectedException {
        Files.createDirectories(incoming);
        Path staged = Files.createTempFile(incoming, "deploy-", ".staged");
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        try (InputStream in = open(location, name);
                OutputStream out = Files.newOutputStream(staged, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(name);
                }
                if (System.nanoTime() > deadline) {
                    throw new ArchiveRejectedException(name, Reason.NOT_A_ZIP, "cannot read " + location + " within "
                            + TIME_LIMIT.toSeconds() + " s (staging time limit)");
                }
                out.write(buffer, 0, n);
            }
        } catch (ArchiveRejectedException | IOException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        return staged;
    }

    private InputStream open(String location, String name) throws ArchiveRejectedException, IOException {
        if (location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") && !location.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                URLConnection connection = new URL(location).openConnection();
                connection.setConnectTimeout((int) READ_TIMEOUT.toMillis());
                connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
                return connection.getInputStream();
            } catch (IOException e) {
                throw new ArchiveRejectedException(name, Reason.NOT_A_ZIP, "cannot read " + location + ": " + e);
            }
        }
        Path file;
        try {
            file = location.regionMatches(true, 0, "file:", 0, 5) ? Path.of(new URI(location)) : Path.of(location);
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new ArchiveRejectedException(name, Reason.NOT_A_ZIP, location + " names no file: " + e.getMessage());
        }
        // Checked before opening: opening a FIFO blocks until someone writes to it
        if (!Files.isRegularFile(file)) {
            throw new ArchiveRejectedException(name, Reason.NOT_A_ZIP, location + " is not a readable file"
                    + (Files.exists(file) ? " (it is " + kind(file) + ")" : ""));
        }
        if (Files.size(file) > maxBytes) {
            throw tooLarge(name);
        }
        return Files.newInputStream(file);
    }

    private static String kind(Path file) {
        return Files.isDirectory(file) ? "a folder" : "not a regular file: a FIFO, socket or device";
    }

    private ArchiveRejectedException tooLarge(String name) {
        return new ArchiveRejectedException(name, Reason.TOO_LARGE, name + " is over the limit of " + maxBytes
                + " bytes (maxArchiveSize)");
    }

    /** @return the last segment of a path or URL, as messages name the archive */
    static String displayName(String location) {
        String trimmed = location.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }
}
