package org.slipway.core.internal.karaf;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment an instance runs in ({@code bin/slipway start --env NAME}, {@code SLIPWAY_ENV}, the framework
 * property {@value #PROPERTY}) and its overlay: the {@code .cfg} files of {@code etc/env/NAME/}, each named after
 * the configuration it overlays ({@code <pid>.cfg}, {@code <factoryPid>~<name>.cfg}), whose keys replace the
 * ones in {@code etc/} when Config Admin delivers the configuration ({@link EnvironmentOverlay}). Read once, at
 * start. Immutable.
 *
 * @param name     the environment, or empty for none (etc/ alone)
 * @param overlays each overlaid configuration's name to its keys and values
 */
record Environment(String name, Map<String, Map<String, String>> overlays) {

    /** The framework (or system) property naming the environment. */
    static final String PROPERTY = "slipway.env";
    /** What a name may be: no path, no dot first. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    static final Environment NONE = new Environment("", Map.of());

    Environment {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        overlays.forEach((pid, keys) -> copy.put(pid, Collections.unmodifiableMap(new TreeMap<>(keys))));
        overlays = Collections.unmodifiableMap(copy);
    }

    /**
     * @param name the environment asked for; blank for none
     * @param etc  the instance's {@code etc/}
     * @throws IllegalArgumentException naming the environment and the known ones when it is not a name or has no
     *                                  folder
     */
    static Environment read(String name, Path etc) throws IOException {
        if (name == null || name.isBlank()) {
            return NONE;
        }
        Path folder = etc.resolve("env").resolve(name.trim());
        if (!NAME.matcher(name.trim()).matches() || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Unknown environment \"" + name + "\": there is no folder etc/env/"
                    + name + " (known: " + String.join(", ", known(etc)) + ")");
        }
        Map<String, Map<String, String>> overlays = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".cfg")).sorted().toList()) {
                Properties properties = new Properties();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                    properties.load(in);
                }
                Map<String, String> keys = new TreeMap<>();
                properties.stringPropertyNames().forEach(k -> keys.put(k, properties.getProperty(k)));
                String pid = file.getFileName().toString();
                overlays.put(pid.substring(0, pid.length() - ".cfg".length()), keys);
            }
        }
        return new Environment(name.trim(), overlays);
    }

    /** @return the environments {@code etc/env/} has folders for, sorted; "none" when it has none */
    static List<String> known(Path etc) throws IOException {
        Path env = etc.resolve("env");
        if (!Files.isDirectory(env)) {
            return List.of("none");
        }
        try (Stream<Path> folders = Files.list(env)) {
            List<String> names = folders.filter(Files::isDirectory).map(f -> f.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches()).sorted().toList();
            return names.isEmpty() ? List.of("none") : names;
        }
    }
}
