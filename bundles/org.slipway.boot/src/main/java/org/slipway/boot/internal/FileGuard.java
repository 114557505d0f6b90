package org.slipway.boot.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.json.JsonArrayBuilder;
import javax.json.JsonException;
import javax.json.JsonNumber;
import javax.json.JsonObject;
import javax.json.JsonObjectBuilder;
import javax.json.JsonValue;
import javax.json.spi.JsonProvider;

import org.slipway.boot.internal.FileCheck.Result;

/**
 * Keeps the last complete copy of each of the features core's {@link KarafFile}s and repairs a torn one from it,
 * before Karaf reads it. Plain Java: the OSGi side ({@link BootActivator}) tells it which bundles exist.
 * <p>
 * A torn {@code state.json} is replaced by its copy, with the bundles it manages brought up to date: those that
 * no longer exist are dropped, and those the features service installed since the copy ({@link InstallLog}) are
 * added to the root region. A torn {@code digraph.json} is replaced by its copy, or removed when there is none:
 * Karaf then puts every bundle into the root region, which is the only region this distribution uses. A torn
 * state with no copy (only a kill during the very first start can cause it) is moved aside: Karaf then starts
 * from an empty features state and installs the boot features again. The torn bytes are kept beside the copies
 * ({@code <name>.torn}) and every repair is appended to {@code repairs.log}.
 * Not thread-safe: the activator and the copy keeper take turns (synchronized by the caller).
 */
final class FileGuard {

    private final Path karaf;
    private final Path platform;
    private final InstallLog installs;
    private final JsonProvider json;
    private final Clock clock;

    /**
     * @param karaf the features core's data folder, where Karaf writes its files
     * @param platform the guard's folder ({@code data/slipway/platform}), for the copies and the log
     */
    FileGuard(Path karaf, Path platform, JsonProvider json, Clock clock) {
        this.karaf = karaf;
        this.platform = platform;
        this.installs = new InstallLog(platform.resolve("features-installs"));
        this.json = json;
        this.clock = clock;
    }

    InstallLog installs() {
        return installs;
    }

    /**
     * Checks every file before Karaf reads it; repairs what is torn, and keeps a copy of what is complete.
     *
     * @param bundles the ids of the bundles installed in the framework now
     * @return one check per file, in {@link KarafFile} order
     */
    List<FileCheck> check(Set<Long> bundles) {
        List<FileCheck> checks = new ArrayList<>();
        for (KarafFile file : KarafFile.values()) {
            FileCheck check = check(file, bundles);
            if (check.result() != Result.OK) {
                log(check);
            }
            checks.add(check);
        }
        installs.forget(absent(installs.ids(), bundles));
        return checks;
    }

    /**
     * Copies {@code file} when it is complete and differs from the last copy (and, for the state, forgets the
     * installs it now records). Called whenever Karaf may have written it.
     *
     * @return whether a new copy was taken
     */
    boolean keep(KarafFile file) {
        Optional<byte[]> bytes = read(karaf.resolve(file.fileName()));
        if (bytes.isEmpty() || problem(file, bytes.get()) != null) {
            return false;
        }
        Path copy = platform.resolve(file.fileName());
        if (read(copy).map(old -> Arrays.equals(old, bytes.get())).orElse(false)) {
            return false;
        }
        AtomicFiles.write(copy, bytes.get());
        if (file == KarafFile.STATE) {
            installs.forget(managed(parse(bytes.get())));
        }
        return true;
    }

    private FileCheck check(KarafFile file, Set<Long> bundles) {
        Path path = karaf.resolve(file.fileName());
        Optional<byte[]> bytes = read(path);
        String problem = bytes.map(b -> problem(file, b)).orElse(null);
        if (problem == null) {
            keep(file);
            return new FileCheck(clock.instant(), file, Result.OK, "");
        }
        Path copy = platform.resolve(file.fileName());
        Optional<byte[]> good = read(copy).filter(b -> problem(file, b) == null);
        Path torn = platform.resolve(file.fileName() + ".torn");
        try {
            Files.createDirectories(platform);
            Files.copy(path, torn, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the torn " + path, e);
        }
        String what = path + " " + problem + " (kept as " + torn + ")";
        if (good.isPresent()) {
            String taken = modified(copy);
            if (file == KarafFile.STATE) {
                Set<Long> added = new TreeSet<>(installs.ids());
                added.retainAll(bundles);
                AtomicFiles.write(path, withManaged(parse(good.get()), bundles, added));
                return new FileCheck(clock.instant(), file, Result.REPAIRED, what + "; restored from the copy of "
                        + taken + (added.isEmpty() ? "" : ", with the bundles Karaf installed since: " + added));
            }
            AtomicFiles.write(path, good.get());
            return new FileCheck(clock.instant(), file, Result.REPAIRED, what + "; restored from the copy of " + taken);
        }
        delete(path);
        if (file == KarafFile.DIGRAPH) {
            return new FileCheck(clock.instant(), file, Result.REPAIRED, what
                    + "; no complete copy: removed, Karaf puts every bundle into the root region");
        }
        return new FileCheck(clock.instant(), file, Result.RESET, what
                + "; no complete copy: removed, Karaf starts from an empty features state (boot features installed"
                + " again, application features must be installed again)");
    }

    /** @return what makes {@code bytes} unreadable for Karaf, or null when it reads them */
    String problem(KarafFile file, byte[] bytes) {
        if (bytes.length == 0) {
            return "is empty (0 bytes)";
        }
        try {
            String problem = file.problem(parse(bytes));
            return problem == null ? null : "is not the features service's " + file + ": " + problem;
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            return "is not complete JSON (" + bytes.length + " bytes): " + e.getMessage();
        }
    }

    private JsonObject parse(byte[] bytes) {
        try (var reader = json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    /** @return {@code state} with each region's managed bundles limited to {@code bundles}, root's plus {@code added} */
    private byte[] withManaged(JsonObject state, Set<Long> bundles, Set<Long> added) {
        JsonObjectBuilder managed = json.createObjectBuilder();
        Set<Long> regions = new HashSet<>();
        JsonObject old = state.getJsonObject("managed");
        for (Map.Entry<String, JsonValue> region : old.entrySet()) {
            Set<Long> ids = ids(region.getValue());
            ids.retainAll(bundles);
            regions.addAll(ids);
            if (region.getKey().equals("root")) {
                ids.addAll(added);
            }
            managed.add(region.getKey(), array(ids));
        }
        if (!old.containsKey("root") && !added.isEmpty()) {
            managed.add("root", array(added));
        }
        JsonObjectBuilder repaired = json.createObjectBuilder(state);
        repaired.add("managed", managed);
        StringWriter out = new StringWriter();
        try (var writer = json.createWriter(out)) {
            writer.writeObject(repaired.build());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonArrayBuilder array(Set<Long> ids) {
        JsonArrayBuilder array = json.createArrayBuilder();
        new TreeSet<>(ids).forEach(array::add);
        return array;
    }

    private static Set<Long> managed(JsonObject state) {
        Set<Long> ids = new HashSet<>();
        state.getJsonObject("managed").values().forEach(v -> ids.addAll(ids(v)));
        return ids;
    }

    private static Set<Long> ids(JsonValue array) {
        Set<Long> ids = new TreeSet<>();
        array.asJsonArray().forEach(v -> ids.add(((JsonNumber) v).longValue()));
        return ids;
    }

    private static Set<Long> absent(Set<Long> ids, Set<Long> bundles) {
        Set<Long> gone = new HashSet<>(ids);
        gone.removeAll(bundles);
        return gone;
    }

    private void log(FileCheck check) {
        RepairsLog.append(platform, check.toString());
    }

    private static Optional<byte[]> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + file, e);
        }
    }

    private static String modified(Path file) {
        try {
            return Instant.ofEpochMilli(Files.getLastModifiedTime(file).toMillis()).toString();
        } catch (IOException e) {
            return "an unknown time";
        }
    }
}
