package org.slipway.core.internal.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * File writes that survive a crash: appends and replacements forced to the disk before they return, new
 * directory entries forced too where the platform allows. Stateless.
 */
public final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Appends {@code line} and a newline, then forces the file to the disk. When the file ends in a line cut
     * short by a crash, that line is ended first, so that the new line stays readable.
     */
    static void appendLine(Path file, String line, boolean createNew) throws IOException {
        boolean created = createNew || !Files.exists(file);
        StandardOpenOption create = createNew ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE;
        try (FileChannel channel = FileChannel.open(file, create, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            String text = line + "\n";
            if (size > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                channel.read(last, size - 1);
                if (last.get(0) != '\n') {
                    text = "\n" + text;
                }
            }
            write(channel, text, size);
        }
        if (created) {
            forceDirectory(file.getParent());
        }
    }

    /** Replaces {@code file} with {@code content}: temporary file, force, atomic rename, force the directory. */
    public static void replace(Path file, String content) throws IOException {
        replace(file, content.getBytes(UTF_8));
    }

    /** As {@link #replace(Path, String)} with bytes. */
    public static void replace(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            write(channel, ByteBuffer.wrap(content), 0);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // A file system without atomic rename: the best it offers. Same directory, so not expected.
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.getParent());
    }

    /** Deletes {@code file} if it exists and forces the directory. */
    public static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            forceDirectory(file.getParent());
        }
    }

    /**
     * @return the lines of {@code file} that are not blank, in order; empty when the file does not exist.
     *         Bytes cut short by a crash decode to replacement characters, never to an error.
     */
    public static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : new String(Files.readAllBytes(file), UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static void write(FileChannel channel, String text, long position) throws IOException {
        write(channel, ByteBuffer.wrap(text.getBytes(UTF_8)), position);
    }

    private static void write(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        channel.force(true);
    }

    /** Forces a directory's entries to the disk; a platform that cannot open directories (Windows) is skipped. */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here: the rename or create is still atomic, only its durability is the OS's.
        }
    }
}
