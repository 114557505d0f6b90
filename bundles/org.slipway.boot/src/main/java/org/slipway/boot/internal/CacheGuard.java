package org.slipway.boot.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Repairs Felix's bundle cache before Felix reads it ({@link GuardedFrameworkFactory}, ahead of
 * {@code Framework.init()}). Felix 7 writes each bundle's {@code bundle.info}, and a new revision's
 * {@code bundle.jar} and {@code revision.location}, in place; on reading one it cannot load it deletes the bundle's
 * whole folder, private data included, and Karaf never installs it again. So, for each {@code bundle<N>}:
 * <ul>
 * <li>a {@code bundle.info} Felix cannot read is replaced by the last complete copy the boot bundle kept
 * ({@link InfoCopies}), its refresh count set to the one the revision folders carry;</li>
 * <li>a newest revision folder that is incomplete (an update cut short), while an older complete one exists, is
 * moved aside: the bundle comes back on the revision that ran before the update, as if it had not begun.</li>
 * </ul>
 * What cannot be repaired (no copy; a first revision cut short, which is an install that never finished) is left
 * to Felix and logged as LOST. Every repair and loss goes to {@code repairs.log}. Plain Java.
 */
final class CacheGuard {

    static final String COPIES = "cache";
    private static final String REVISION = "version";

    private final Path cache;
    private final Path platform;
    private final Clock clock;

    /**
     * @param cache Felix's storage folder ({@code data/cache})
     * @param platform the guard's folder ({@code data/slipway/platform})
     */
    CacheGuard(Path cache, Path platform, Clock clock) {
        this.cache = cache;
        this.platform = platform;
        this.clock = clock;
    }

    /** @return one line per bundle repaired or lost; empty when the cache is whole */
    List<String> check() {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(cache)) {
            return lines;
        }
        try (Stream<Path> bundles = Files.list(cache)) {
            for (Path bundle : bundles.filter(b -> b.getFileName().toString().matches("bundle[1-9][0-9]*")).sorted()
                    .toList()) {
                check(bundle).ifPresent(lines::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + cache, e);
        }
        lines.forEach(line -> RepairsLog.append(platform, line));
        return lines;
    }

    private Optional<String> check(Path bundle) throws IOException {
        String name = bundle.getFileName().toString();
        TreeMap<Long, Path> revisions = revisions(bundle);
        List<String> done = new ArrayList<>();
        while (revisions.size() > 1 && !complete(revisions.lastEntry().getValue())) {
            Path torn = revisions.pollLastEntry().getValue();
            Path aside = platform.resolve("torn").resolve(name + "-" + torn.getFileName() + "-" + clock.millis());
            Files.createDirectories(aside.getParent());
            Files.move(torn, aside);
            done.add(torn.getFileName() + " was incomplete (an update cut short), moved to " + aside
                    + "; the bundle comes back on " + revisions.lastEntry().getValue().getFileName());
        }
        if (revisions.isEmpty() || !complete(revisions.lastEntry().getValue())) {
            return Optional.of(line("LOST", bundle, "has no complete revision (an install cut short); Felix removes it"));
        }
        Path info = bundle.resolve(BundleInfo.FILE);
        if (BundleInfo.parse(read(info)).isEmpty()) {
            Optional<BundleInfo> copy = BundleInfo.parse(read(copyOf(platform, name)));
            if (copy.isEmpty()) {
                return Optional.of(line("LOST", bundle, "/" + BundleInfo.FILE + " is torn (" + Files.size(info)
                        + " bytes) and no copy was kept; Felix removes the bundle"));
            }
            Files.copy(info, platform.resolve(name + ".info.torn"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String dir = revisions.lastEntry().getValue().getFileName().toString();
            long refresh = Long.parseLong(dir.substring(REVISION.length(), dir.lastIndexOf('.')));
            AtomicFiles.write(info, copy.get().bytes(refresh));
            done.add(BundleInfo.FILE + " was torn (" + Files.size(platform.resolve(name + ".info.torn"))
                    + " bytes), restored from its copy (location " + copy.get().location() + ")");
        }
        return done.isEmpty() ? Optional.empty() : Optional.of(line("REPAIRED", bundle, "/" + String.join("; ", done)));
    }

    private String line(String result, Path bundle, String detail) {
        return clock.instant() + " " + result + " " + bundle.getFileName() + ": " + bundle
                + (detail.startsWith("/") ? "" : " ") + detail;
    }

    /** The revision folders as Felix numbers them ({@code version<refresh>.<revision>}, the highest is loaded). */
    private static TreeMap<Long, Path> revisions(Path bundle) throws IOException {
        TreeMap<Long, Path> revisions = new TreeMap<>();
        try (Stream<Path> children = Files.list(bundle)) {
            children.filter(Files::isDirectory).forEach(child -> {
                String name = child.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (name.startsWith(REVISION) && dot > REVISION.length()) {
                    try {
                        Long.parseLong(name.substring(REVISION.length(), dot));
                        revisions.put(Long.decode(name.substring(dot + 1)), child);
                    } catch (NumberFormatException notOurs) {
                        // Felix would fail on it too; nothing to repair from
                    }
                }
            });
        }
        return revisions;
    }

    /** Felix loads it: a location, and the jar it names (a reference) or holds ({@code bundle.jar}) opens. */
    private static boolean complete(Path revision) {
        List<String> location = new String(read(revision.resolve("revision.location")), StandardCharsets.UTF_8)
                .lines().toList();
        if (location.isEmpty() || location.get(0).isEmpty()) {
            return false;
        }
        if (location.get(0).startsWith("reference:file:")) {
            String file = URLDecoder.decode(location.get(0).substring("reference:file:".length()),
                    StandardCharsets.UTF_8);
            return new File(file).exists();
        }
        Path jar = revision.resolve("bundle.jar");
        if (Files.isDirectory(jar)) {
            return true;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.size() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Path copyOf(Path platform, String bundle) {
        return platform.resolve(COPIES).resolve(bundle + ".info");
    }

    private static byte[] read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
