package org.slipway.core.internal.karaf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.slipway.core.internal.engine.DurableFiles;

/**
 * The dependency features Slipway asked the features service for by name, at an exact version, when it went back
 * to an application release: Karaf's resolver takes the latest version a dependency's range allows
 * ({@code <feature version="3.20.0">camel-core</feature>} is a lower bound), so the release that ran before a
 * change is only what Karaf installs again when the dependency features it ran with are requested with it. Those
 * requests stay, as root requirements of the features service, after going back: without them the next resolution
 * would take the newer dependency again.
 *
 * <p>A later change of the same feature moves its pins with it: each pinned dependency is requested at the version
 * the new release's closure takes (the latest its range allows), so that the old pin does not keep the old
 * version installed beside the new one. Kept in {@code pins} in Slipway's data folder, one line per application
 * feature ({@code feature dependency...}, each URL-encoded), written before the features service is asked, so that the record is
 * never behind Karaf's requirements. Not thread-safe: the engine runs one change at a time.
 */
final class DependencyPins {

    private final Path file;
    private final FeaturesService features;

    DependencyPins(Path file, FeaturesService features) {
        this.file = file;
        this.features = features;
    }

    /**
     * @param along what the engine asks to request with {@code feature} {@code version} ({@code name/version}):
     *              when not empty, exactly these
     * @return the features to request with {@code feature} {@code version}: {@code along}, or else its pins,
     *         each at the version {@code version}'s closure takes (a pin that closure no longer names is dropped)
     */
    List<String> requests(String feature, String version, List<String> along) throws Exception {
        List<String> pinned = read().getOrDefault(feature, List.of());
        if (!along.isEmpty() || pinned.isEmpty()) {
            return along;
        }
        Feature target = features.getFeature(feature, version);
        if (target == null) {
            return List.of();
        }
        Set<String> installed = Arrays.stream(features.listInstalledFeatures()).map(Feature::getId)
                .collect(Collectors.toSet());
        List<String> moved = new ArrayList<>();
        for (String id : FeatureClosure.of(features, target, installed).ids()) {
            if (pinned.contains(id.substring(0, id.indexOf('/')))) {
                moved.add(id);
            }
        }
        return moved;
    }

    /** Records that {@code feature}'s change requests {@code requested} with it: its pins from now on. */
    void record(String feature, List<String> requested) {
        Map<String, List<String>> pins = read();
        List<String> names = requested.stream().map(id -> id.substring(0, id.indexOf('/'))).distinct().toList();
        if (names.equals(pins.getOrDefault(feature, List.of()))) {
            return;
        }
        if (names.isEmpty()) {
            pins.remove(feature);
        } else {
            pins.put(feature, names);
        }
        StringBuilder text = new StringBuilder();
        pins.forEach((name, pinned) -> {
            text.append(encode(name));
            pinned.forEach(p -> text.append(' ').append(encode(p)));
            text.append('\n');
        });
        try {
            DurableFiles.replace(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the dependency features requested with " + feature + " in "
                    + file + ": " + e.getMessage(), e);
        }
    }

    /** A feature name is the features XML's, anyone's input: encoded, it cannot break a line or a word. */
    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** @return the pins of every feature; empty when none was recorded */
    private Map<String, List<String>> read() {
        Map<String, List<String>> pins = new TreeMap<>();
        if (!Files.exists(file)) {
            return pins;
        }
        try {
            for (String line : DurableFiles.lines(file)) {
                List<String> words = Arrays.stream(line.trim().split(" +"))
                        .map(w -> URLDecoder.decode(w, StandardCharsets.UTF_8)).toList();
                if (words.size() > 1) {
                    pins.put(words.get(0), words.subList(1, words.size()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dependency features pinned in " + file + ": "
                    + e.getMessage(), e);
        }
        return pins;
    }
}
