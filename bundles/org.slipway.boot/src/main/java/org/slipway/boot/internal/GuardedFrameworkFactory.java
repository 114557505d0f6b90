package org.slipway.boot.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The framework factory Karaf's launcher uses ({@code karaf.framework.factory} in {@code etc/config.properties};
 * this jar is in {@code lib/}, on the launcher's class path): repairs Felix's bundle cache ({@link CacheGuard})
 * before Felix reads it, then hands over to Felix's own factory. The cache is left alone while another framework
 * holds its lock ({@code cache.lock}, which Felix takes with the same {@code tryLock}). A repair that fails is
 * reported and the start goes on: Felix then does what it always did.
 */
public final class GuardedFrameworkFactory implements FrameworkFactory {

    @Override
    public Framework newFramework(Map<String, String> configuration) {
        String storage = configuration == null ? null : configuration.get(Constants.FRAMEWORK_STORAGE);
        String data = System.getProperty("karaf.data");
        if (storage != null && data != null) {
            guard(Path.of(storage), Path.of(data, "slipway", "platform"));
        }
        return felix().newFramework(configuration);
    }

    private static void guard(Path cache, Path platform) {
        Path lock = cache.resolve("cache.lock");
        if (!Files.isRegularFile(lock)) {
            return; // a first start: nothing cached yet
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                FileLock held = channel.tryLock()) {
            if (held == null) {
                return;
            }
            new CacheGuard(cache, platform, Clock.systemUTC()).check()
                    .forEach(line -> System.err.println("Slipway boot guard: " + line));
        } catch (IOException | RuntimeException e) {
            System.err.println("Slipway boot guard: cannot check the bundle cache " + cache + ": " + e);
        }
    }

    private FrameworkFactory felix() {
        return StreamSupport.stream(ServiceLoader.load(FrameworkFactory.class, getClass().getClassLoader())
                .spliterator(), false).filter(f -> !(f instanceof GuardedFrameworkFactory)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No framework factory besides " + getClass().getName()
                        + " in META-INF/services/" + FrameworkFactory.class.getName()));
    }
}
