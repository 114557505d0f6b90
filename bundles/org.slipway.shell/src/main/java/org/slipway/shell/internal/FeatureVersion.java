package org.slipway.shell.internal;

/**
 * A feature and version as typed: {@code greeter 1.1.0} or {@code greeter/1.1.0}.
 *
 * @param name    the feature name
 * @param version the version, or {@code null} when none was typed
 */
record FeatureVersion(String name, String version) {

    static FeatureVersion parse(String feature, String version) {
        int slash = feature.indexOf('/');
        if (slash < 0) {
            return new FeatureVersion(feature, version);
        }
        if (version != null) {
            throw new IllegalArgumentException("Give the version once: \"" + feature + "\" already names "
                    + feature.substring(slash + 1) + ", and \"" + version + "\" was given too");
        }
        String name = feature.substring(0, slash);
        String named = feature.substring(slash + 1);
        if (name.isBlank() || named.isBlank()) {
            throw new IllegalArgumentException("Expected <name>/<version>, got \"" + feature + "\"");
        }
        return new FeatureVersion(name, named);
    }

    FeatureVersion requireVersion(String command) {
        if (version == null) {
            throw new IllegalArgumentException(command + " needs a version: " + command + " " + name + " <version>");
        }
        return this;
    }
}
