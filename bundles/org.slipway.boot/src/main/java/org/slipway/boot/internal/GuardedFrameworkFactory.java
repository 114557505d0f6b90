package org.slipway.boot.internal;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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
        return felix(configuration).newFramework(configuration);
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

    /**
     * Felix's own factory: found beside this class when Karaf's launcher loaded it (its class loader holds the
     * framework jar and {@code lib/}); when {@code lib/} is on the JVM's class path instead (Pax Exam's Karaf
     * container puts it there), from the framework jar Karaf names ({@code karaf.framework.<name>}, a {@code mvn:}
     * URL in {@code system/}), in a loader of its own, as Karaf's launcher would.
     */
    private FrameworkFactory felix(Map<String, String> configuration) {
        return other(getClass().getClassLoader()).or(() -> frameworkJar(configuration).flatMap(jar -> {
            try {
                return other(new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader()));
            } catch (MalformedURLException e) {
                return Optional.empty();
            }
        })).orElseThrow(() -> new IllegalStateException("No framework factory besides " + getClass().getName()
                + " in META-INF/services/" + FrameworkFactory.class.getName() + " (framework jar: "
                + frameworkJar(configuration).map(Path::toString).orElse("not named") + ")"));
    }

    private static Optional<FrameworkFactory> other(ClassLoader loader) {
        return StreamSupport.stream(ServiceLoader.load(FrameworkFactory.class, loader).spliterator(), false)
                .filter(f -> !(f instanceof GuardedFrameworkFactory)).findFirst();
    }

    /** The jar of {@code karaf.framework.<karaf.framework>} ({@code mvn:group/artifact/version}) in system/. */
    private static Optional<Path> frameworkJar(Map<String, String> configuration) {
        String home = System.getProperty("karaf.home");
        String name = configuration == null ? null : configuration.get("karaf.framework");
        String url = name == null ? null : configuration.get("karaf.framework." + name);
        if (home == null || url == null || !url.startsWith("mvn:")) {
            return Optional.empty();
        }
        String[] gav = url.substring("mvn:".length()).split("/");
        if (gav.length < 3) {
            return Optional.empty();
        }
        String repository = System.getProperty("karaf.default.repository",
                configuration.getOrDefault("karaf.default.repository", "system"));
        Path jar = Path.of(home).resolve(repository).resolve(gav[0].replace('.', '/')).resolve(gav[1])
                .resolve(gav[2]).resolve(gav[1] + "-" + gav[2] + ".jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }
}
