package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/** One {@link ReleaseArchive#extractTo} call: plan without writing, then write, undoing everything on failure. */
final class Extraction {

    private final ReleaseArchive archive;
    private final Path system;
    private final List<Path> createdFiles = new ArrayList<>();
    private final List<Path> createdFolders = new ArrayList<>();

    Extraction(ReleaseArchive archive, Path system) {
        this.archive = requireNonNull(archive, "archive");
        this.system = requireNonNull(system, "system").toAbsolutePath().normalize();
    }

    List<Path> run() throws IOException, ArchiveRejectedException {
        Map<String, Path> plan = plan(system.toRealPath());
        try (ZipFile zip = new ZipFile(archive.file().toFile())) {
            for (Map.Entry<String, Path> file : plan.entrySet()) {
                write(zip, file.getKey(), file.getValue());
            }
        } catch (IOException | ArchiveRejectedException | RuntimeException | Error e) {
            undo(e);
            throw e;
        }
        return List.copyOf(createdFiles);
    }

    /** @return the files {@link #run()} would create, none of which exists yet; writes nothing */
    List<Path> planned() throws IOException, ArchiveRejectedException {
        return List.copyOf(plan(system.toRealPath()).values());
    }

    /** @return entry name to target, for every entry not already in place; writes nothing */
    private Map<String, Path> plan(Path realSystem) throws IOException, ArchiveRejectedException {
        Map<String, Path> plan = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : archive.repositoryEntries().entrySet()) {
            String relative = entry.getKey().substring(EntryNames.REPOSITORY.length());
            Path target = system.resolve(relative).normalize();
            if (!target.startsWith(system) || target.equals(system)) {
                throw unsafe("entry " + EntryNames.quote(entry.getKey()) + " would be written outside " + shown(system));
            }
            for (Path folder = target.getParent(); folder.startsWith(system); folder = folder.getParent()) {
                if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                    requireInside(folder, realSystem);
                    if (!Files.isDirectory(folder)) {
                        throw conflict(shown(folder) + " exists and is not a folder");
                    }
                }
            }
            if (Files.isSymbolicLink(target)) {
                throw unsafe(shown(target) + " is a symbolic link");
            }
            if (Files.exists(target)) {
                if (Files.isDirectory(target) || !sha256(target).equals(entry.getValue())) {
                    throw conflict(shown(target) + " exists with different content");
                }
                continue;
            }
            plan.put(entry.getKey(), target);
        }
        return plan;
    }

    /** Throws if the existing {@code folder} resolves, through symbolic links, outside {@code system}. */
    private void requireInside(Path folder, Path realSystem) throws ArchiveRejectedException {
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            throw unsafe(shown(folder) + " is a broken symbolic link");
        }
        if (!real.startsWith(realSystem)) {
            throw unsafe(shown(folder) + " leads to " + real + ", outside " + shown(system));
        }
    }

    private void write(ZipFile zip, String name, Path target) throws IOException, ArchiveRejectedException {
        createFolders(target.getParent());
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw mismatch("entry " + EntryNames.quote(name) + " is no longer in the archive");
        }
        // not Files.createTempFile: its owner-only permissions would stay on the file in system/
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            MessageDigest digest = EntryDigests.sha256();
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
                for (int n; (n = in.read(buffer)) > 0;) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            String expected = archive.repositoryEntries().get(name);
            if (!actual.equals(expected)) {
                throw mismatch("entry " + EntryNames.quote(name) + " has SHA-256 " + actual
                        + " but the checksum manifest says " + expected + ": the archive changed after inspection");
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw conflict(shown(target) + " appeared while extracting");
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            createdFiles.add(target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void createFolders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        createFolders(folder.getParent());
        Files.createDirectory(folder);
        createdFolders.add(folder);
    }

    private void undo(Throwable failure) {
        for (int i = createdFiles.size() - 1; i >= 0; i--) {
            delete(createdFiles.get(i), failure);
        }
        for (int i = createdFolders.size() - 1; i >= 0; i--) {
            delete(createdFolders.get(i), failure);
        }
        createdFiles.clear();
        createdFolders.clear();
    }

    private static void delete(Path path, Throwable failure) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            failure.addSuppressed(e); // a folder someone else filled meanwhile stays, and so does its reason
        }
    }

    private static String sha256(Path file) throws IOException {
        return ZipChecks.sha256(file);
    }

    private String shown(Path path) {
        Path relative = system.relativize(path);
        String name = system.getFileName() == null ? system.toString() : system.getFileName().toString();
        return relative.toString().isEmpty() ? name + "/" : name + "/" + relative.toString().replace('\\', '/');
    }

    private ArchiveRejectedException unsafe(String detail) {
        return new ArchiveRejectedException(archive.displayName(), Reason.UNSAFE_ENTRY, detail);
    }

    private ArchiveRejectedException conflict(String detail) {
        return new ArchiveRejectedException(archive.displayName(), Reason.CONFLICT, detail);
    }

    private ArchiveRejectedException mismatch(String detail) {
        return new ArchiveRejectedException(archive.displayName(), Reason.CHECKSUM_MISMATCH, detail);
    }
}
