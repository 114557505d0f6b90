package org.slipway.core.internal.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Copies an archive (a file, or a URL the framework can open) to a private folder under {@code data/}
 * before it is inspected, so that what is checked is what is installed, and refuses it as soon as it grows
 * past the size limit.
 */
final class Staging {

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
        try (InputStream in = open(location, name);
                OutputStream out = Files.newOutputStream(staged, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > maxBytes) {
                    throw new ArchiveRejectedException(name, Reason.TOO_LARGE, name + " is over the limit of "
                            + maxBytes + " bytes (maxArchiveSize)");
                }
                out.write(buffer, 0, n);
            }
        } catch (ArchiveRejectedException | IOException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        return staged;
    }

    private static InputStream open(String location, String name) throws ArchiveRejectedException, IOException {
        if (location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            try {
                return new URL(location).openStream();
            } catch (IOException e) {
                throw new ArchiveRejectedException(name, Reason.NOT_A_ZIP, "cannot read " + location + ": " + e);
            }
        }
        Path file = Path.of(location);
        if (!Files.isRegularFile(file)) {
            throw new ArchiveRejectedException(name, Reason.NOT_A_ZIP, location + " is not a readable file");
        }
        return Files.newInputStream(file);
    }

    /** @return the last segment of a path or URL, as messages name the archive */
    static String displayName(String location) {
        String trimmed = location.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }
}
