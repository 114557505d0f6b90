package org.slipway.core.internal.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slipway.core.internal.engine.DurableFiles;

/**
 * Slipway's {@code deploy/} folder: a release archive ({@code *.kar}) or bundle jar ({@code *.jar}) dropped
 * there is deployed once it stopped changing between two scans, then moved to {@code done/} or
 * {@code failed/} with a {@code <name>.reason} file next to it saying what happened. Other files, hidden
 * files and sub-folders are left alone. The folder is not trusted blindly: the folder, {@code done/} and
 * {@code failed/} must really be inside the instance (a symbolic link that leaves it is refused, nothing is
 * written through it), {@code done/} and {@code failed/} must be real folders (not symbolic links, checked before
 * anything is deployed), and a dropped file that is a symbolic link is not deployed but moved to {@code failed/}
 * with its reason. The same file is never deployed twice: one that is still in the folder after it was handled
 * (it could not be moved aside) is recorded by name, size, modification time and file key in {@code .handled} and
 * left alone until it is gone or changed. Not thread-safe: one thread scans.
 */
public final class DeployFolder {

    /** What deploying one file came to: the outcome name and the operator's message. */
    public record Outcome(boolean succeeded, String outcome, String message) {
        public Outcome {
            requireNonNull(outcome, "outcome");
            requireNonNull(message, "message");
        }
    }

    /** Deploys one file; never throws for a bad archive, it says so in the outcome. */
    public interface Handler {
        Outcome deploy(Path file);
    }

    /** The outcome that leaves a file where it is, to be deployed at a later scan: another change runs. */
    public static final String BUSY = "IN_PROGRESS";

    private final Path folder;
    private final Path instance;
    private final Handler handler;
    private final Map<Path, Snapshot> seen = new HashMap<>();
    /** The file being deployed, recorded durably: found at a scan, it means the JVM stopped during that deploy. */
    private final Path claim;
    /** Files handled but still in the folder, recorded durably so that no scan, nor a restart, deploys them again. */
    private final Path handled;
    /** That record, read at the first scan. */
    private HandledFiles stuck;

    /** @param instance the instance's folder, which the deploy folder and its sub-folders must stay inside */
    public DeployFolder(Path folder, Path instance, Handler handler) {
        this.folder = requireNonNull(folder, "folder");
        this.instance = requireNonNull(instance, "instance");
        this.handler = requireNonNull(handler, "handler");
        this.claim = folder.resolve(".deploying");
        this.handled = folder.resolve(".handled");
    }

    /** A deploy folder inside the folder that contains it. */
    public DeployFolder(Path folder, Handler handler) {
        this(folder, folder.toAbsolutePath().getParent(), handler);
    }

    /** @return the folder scanned */
    public Path folder() {
        return folder;
    }

    /**
     * Deploys every file that has not changed since the previous scan.
     *
     * @throws IOException when the folder cannot be used (nothing is deployed then), or naming the files that were
     *         handled but are still in the folder
     */
    public void scan() throws IOException {
        Files.createDirectories(folder);
        inside(folder);
        for (String aside : List.of("done", "failed")) {
            realFolderOrAbsent(folder.resolve(aside));
        }
        settleInterrupted();
        Map<Path, Snapshot> now = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder,
                f -> (Files.isRegularFile(f) || Files.isSymbolicLink(f)) && isDeployable(f.getFileName().toString()))) {
            for (Path file : files) {
                now.put(file, Snapshot.of(file));
            }
        }
        List<Path> stable = now.keySet().stream().filter(f -> now.get(f).equals(seen.get(f))).sorted().toList();
        seen.clear();
        seen.putAll(now);
        if (stuck == null) {
            stuck = HandledFiles.read(handled, folder); // once: afterwards this scanner is the record's only writer
        }
        stuck.retainPresent(now);
        try {
            deploy(stable, now);
        } finally {
            stuck.write(handled);
        }
        if (!stuck.isEmpty()) {
            throw new IOException("Handled before but still in " + folder + ", not deployed again: " + stuck
                    + ". Move them away (their outcome is in done/ or failed/ when it could be written)");
        }
    }

    private void deploy(List<Path> stable, Map<Path, Snapshot> now) throws IOException {
        for (Path file : stable) {
            if (stuck.contains(file, now.get(file))) {
                continue;
            }
            seen.remove(file);
            Outcome outcome;
            if (Files.isSymbolicLink(file)) {
                outcome = new Outcome(false, "REJECTED", file.getFileName() + " is a symbolic link (to "
                        + Files.readSymbolicLink(file) + "): copy the archive into " + folder.getFileName()
                        + "/ instead; it was not deployed");
            } else {
                DurableFiles.replace(claim, file.getFileName() + "\n" + Instant.now() + "\n");
                outcome = handler.deploy(file);
                if (outcome.outcome().equals(BUSY)) {
                    DurableFiles.delete(claim);
                    continue;
                }
            }
            stuck.add(file, now.get(file));
            stuck.write(handled);
            DurableFiles.delete(claim);
            settle(file, outcome);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                stuck.remove(file);
            }
        }
    }

    /** @throws IOException when {@code path} exists but is a symbolic link or no folder */
    private static void realFolderOrAbsent(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + " is a symbolic link (to " + Files.readSymbolicLink(path) + "): it must be a"
                    + " real folder, so that a handled file really leaves the deploy folder. Nothing is deployed"
                    + " until it is replaced by a folder");
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " is not a folder. Nothing is deployed until it is replaced by a folder");
        }
    }

    /**
     * A deploy that a stop of the JVM cut short is not tried again on its own: crash recovery has put the release
     * that ran back, and an archive that brings the JVM down would otherwise do so at every start. It goes to
     * failed/ with its reason; moving it back into the folder tries again.
     */
    private void settleInterrupted() throws IOException {
        if (!Files.exists(claim)) {
            return;
        }
        List<String> lines = DurableFiles.lines(claim);
        Path file = lines.isEmpty() ? null : folder.resolve(lines.get(0)).normalize();
        if (file != null && file.getParent().equals(folder.normalize()) && Files.isRegularFile(file)) {
            settle(file, new Outcome(false, "INTERRUPTED", "The JVM stopped while " + file.getFileName()
                    + " was being deployed (since " + (lines.size() > 1 ? lines.get(1) : "an unknown time")
                    + "); crash recovery put the release that ran back at the next start. It was not deployed"
                    + " again on its own: move it back into " + folder.getFileName() + "/ to try again."));
        }
        DurableFiles.delete(claim);
    }

    private static boolean isDeployable(String name) {
        return !name.startsWith(".") && (name.endsWith(".kar") || name.endsWith(".jar"));
    }

    /** Moves the file to done/ or failed/ and writes its reason file, replacing an older one. */
    private void settle(Path file, Outcome outcome) throws IOException {
        Path target = folder.resolve(outcome.succeeded() ? "done" : "failed");
        Files.createDirectories(target);
        inside(target);
        String name = file.getFileName().toString();
        DurableFiles.replace(target.resolve(name + ".reason"), "outcome: " + outcome.outcome() + "\n"
                + outcome.message() + "\n");
        Files.move(file, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** @throws IOException when {@code path}, followed through symbolic links, is not inside the instance */
    private void inside(Path path) throws IOException {
        Path real = path.toRealPath();
        Path root = instance.toRealPath();
        if (!real.startsWith(root)) {
            throw new IOException(path + " leads to " + real + ", outside the instance " + root
                    + " (a symbolic link?): Slipway does not deploy from or write to it");
        }
    }

    /** What identifies one dropped file: its size, modification time and file key (an inode, when there is one). */
    record Snapshot(long size, FileTime modified, String key) {
        Snapshot {
            Objects.requireNonNull(modified, "modified");
            Objects.requireNonNull(key, "key");
        }

        static Snapshot of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return new Snapshot(attributes.size(), attributes.lastModifiedTime(),
                    String.valueOf(attributes.fileKey()));
        }
    }
}
