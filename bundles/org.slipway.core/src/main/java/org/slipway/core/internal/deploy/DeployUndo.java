package org.slipway.core.internal.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Removes what a deploy added unless cancelled: the features repository it added, then the files (and the
 * folders that are empty again) it wrote to {@code system/}. Not thread-safe: one deploy owns it.
 */
final class DeployUndo {

    private final Repositories repositories;
    private final List<Path> written;
    private String repository;
    private boolean cancelled;

    DeployUndo(Repositories repositories, List<Path> written) {
        this.repositories = repositories;
        this.written = List.copyOf(written);
    }

    /** @return the files the deploy wrote */
    List<Path> written() {
        return written;
    }

    void repositoryAdded(String url) {
        repository = url;
    }

    /** The deploy stays: nothing is undone. */
    void cancel() {
        cancelled = true;
    }

    void run() {
        if (cancelled) {
            return;
        }
        if (repository != null) {
            try {
                repositories.remove(repository);
            } catch (Exception e) {
                // The repository stays, so its files stay too: a feature of it may still be installed.
                throw new IllegalStateException("Cannot remove repository " + repository + " (" + e.getMessage()
                        + "); it and the " + written.size() + " files the deploy wrote to system/ stay", e);
            }
        }
        written.forEach(this::delete);
    }

    private void delete(Path file) {
        Path system = repositories.system();
        try {
            Files.deleteIfExists(file);
            deletePartial(file);
            for (Path dir = file.getParent(); dir != null && dir.startsWith(system) && !dir.equals(system)
                    && isEmpty(dir); dir = dir.getParent()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // best effort: a left-over file in system/ is not installed anywhere
        }
    }

    /** A kill during extraction leaves the temporary file of the one being written ({@code .<name>.<uuid>.part}). */
    private static void deletePartial(Path file) throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            return;
        }
        String prefix = "." + file.getFileName() + ".";
        try (var entries = Files.list(file.getParent())) {
            for (Path partial : entries.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".part")).toList()) {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
