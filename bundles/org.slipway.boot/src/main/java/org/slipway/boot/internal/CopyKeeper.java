package org.slipway.boot.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * Takes a new copy of Karaf's files whenever Karaf wrote them: watches the features core's data folder and, once
 * it has been quiet for a moment, lets the guard copy what is complete. Runs on a thread of its own from
 * {@link #start()} to {@link #close()}, which takes a last copy (Karaf saves its digraph when it stops).
 */
final class CopyKeeper implements AutoCloseable {

    private static final long QUIET_MILLIS = 100;

    private final FileGuard guard;
    private final WatchService watcher;
    private final Thread thread;

    CopyKeeper(FileGuard guard, Path karaf) {
        this.guard = guard;
        try {
            Files.createDirectories(karaf); // on the first start, the features core has written nothing yet
            this.watcher = FileSystems.getDefault().newWatchService();
            karaf.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot watch " + karaf, e);
        }
        this.thread = new Thread(this::run, "slipway-boot-copies");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                key.pollEvents();
                key.reset();
                // Karaf writes the state, then the digraph: wait until both are written.
                WatchKey more;
                while ((more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                keepAll();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void keepAll() {
        synchronized (guard) {
            for (KarafFile file : KarafFile.values()) {
                try {
                    guard.keep(file);
                } catch (UncheckedIOException e) {
                    System.err.println("Slipway boot guard: cannot copy " + file + ": " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing left to watch
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keepAll();
    }
}
