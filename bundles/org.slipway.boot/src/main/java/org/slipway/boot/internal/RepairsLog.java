package org.slipway.boot.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code data/slipway/platform/repairs.log}: one line per repair of a platform file, appended, read by
 * {@code bin/slipway status}.
 */
final class RepairsLog {

    static final String FILE = "repairs.log";

    private RepairsLog() {
    }

    static void append(Path platform, String line) {
        try {
            Files.createDirectories(platform);
            Files.writeString(platform.resolve(FILE), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot log " + line, e);
        }
    }
}
