package org.slipway.boot.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a copy of each bundle's {@code bundle.info} (Felix's cache) in {@code data/slipway/platform/cache/}, for
 * {@link CacheGuard} to restore a torn one from: all of them when the framework starts, then the one of each bundle
 * that the framework reports an event for (Felix rewrites it at install, update, persistent start or stop and
 * start-level change, before the event). Only complete files are copied. Copies are taken on a thread of its own;
 * {@link #close()} waits for the ones asked for.
 */
final class InfoCopies implements AutoCloseable {

    private final Path cache;
    private final Path platform;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "slipway-boot-bundle-info");
        t.setDaemon(true);
        return t;
    });

    InfoCopies(Path cache, Path platform) {
        this.cache = cache;
        this.platform = platform;
    }

    void keepAll(long[] ids) {
        thread.execute(() -> Arrays.stream(ids).forEach(this::copy));
    }

    void keep(long id) {
        thread.execute(() -> copy(id));
    }

    void forget(long id) {
        thread.execute(() -> {
            try {
                Files.deleteIfExists(CacheGuard.copyOf(platform, "bundle" + id));
            } catch (IOException e) {
                System.err.println("Slipway boot guard: cannot remove the copy of bundle" + id + ": " + e);
            }
        });
    }

    private void copy(long id) {
        if (id == 0) {
            return;
        }
        Path info = cache.resolve("bundle" + id).resolve(BundleInfo.FILE);
        Path copy = CacheGuard.copyOf(platform, "bundle" + id);
        try {
            byte[] bytes = Files.isRegularFile(info) ? Files.readAllBytes(info) : null;
            if (bytes != null && BundleInfo.parse(bytes).isPresent()
                    && !(Files.isRegularFile(copy) && Arrays.equals(bytes, Files.readAllBytes(copy)))) {
                AtomicFiles.write(copy, bytes);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Slipway boot guard: cannot copy " + info + ": " + e);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
