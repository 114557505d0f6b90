package org.slipway.core.internal.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slipway.core.internal.engine.DurableFiles;

/**
 * What a deploy in flight added outside the engine's journal: the files it wrote to {@code system/} and the
 * features repository it adds, with the features it upgrades. Written durably (atomic replace, forced) before
 * the repository is added and the upgrade starts, deleted when the deploy ends; found at start, it means the
 * JVM stopped during a deploy. One line per item: {@code repository <url>}, {@code feature <name> <version>},
 * {@code file <path>}.
 *
 * @param repository the repository the deploy adds, or {@code null} when it was known already
 * @param features   the features it upgrades, each {@code name version previous}, {@code previous} the version
 *                   installed before the deploy or {@link #NONE} (older records have no {@code previous})
 * @param files      the files it wrote to {@code system/}
 */
record PendingDeploy(String repository, List<String> features, List<Path> files) {

    /** The previous version of a feature the deploy installs. */
    static final String NONE = "-";

    PendingDeploy {
        features = List.copyOf(features);
        files = List.copyOf(files);
    }

    void write(Path file) throws IOException {
        StringBuilder lines = new StringBuilder();
        if (repository != null) {
            lines.append("repository ").append(repository).append('\n');
        }
        features.forEach(f -> lines.append("feature ").append(f).append('\n'));
        files.forEach(f -> lines.append("file ").append(f).append('\n'));
        Files.createDirectories(file.getParent());
        DurableFiles.replace(file, lines.toString());
    }

    /** @return the deploy a stop interrupted, if {@code file} exists */
    static Optional<PendingDeploy> read(Path file) throws IOException {
        requireNonNull(file, "file");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String repository = null;
        List<String> features = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String line : DurableFiles.lines(file)) {
            int space = line.indexOf(' ');
            String value = space < 0 ? "" : line.substring(space + 1);
            switch (space < 0 ? line : line.substring(0, space)) {
                case "repository" -> repository = value;
                case "feature" -> features.add(value);
                case "file" -> files.add(Path.of(value));
                default -> throw new IOException(file + " has an unknown line: " + line);
            }
        }
        return Optional.of(new PendingDeploy(repository, features, files));
    }
}
