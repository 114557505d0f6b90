package org.slipway.core.internal.karaf;

import java.io.File;
import java.util.function.UnaryOperator;

/**
 * Whether Felix Config Admin's interpolation plugin finds a value for a reference, by the plugin's own rules:
 * {@code $[env:NAME]} in the process environment, {@code $[prop:NAME]} among the framework's properties,
 * {@code $[secret:NAME]} as a regular file NAME in one of the (comma-separated) secrets directories of
 * {@value #SECRETS_DIRECTORY}, never with {@code ..} in it. Only whether it exists: a secret is never read.
 */
final class Interpolations {

    /** The framework property naming the secrets directories. */
    static final String SECRETS_DIRECTORY = "org.apache.felix.configadmin.plugin.interpolation.secretsdir";

    private final UnaryOperator<String> properties;

    /** @param properties the framework's properties (system properties behind them) */
    Interpolations(UnaryOperator<String> properties) {
        this.properties = properties;
    }

    boolean resolves(String type, String name) {
        return switch (type) {
            case "env" -> System.getenv(name) != null;
            case "prop" -> properties.apply(name) != null;
            case "secret" -> secret(name);
            default -> true;
        };
    }

    private boolean secret(String name) {
        String directories = properties.apply(SECRETS_DIRECTORY);
        if (directories == null || name.isEmpty() || name.contains("..")) {
            return false;
        }
        for (String directory : directories.split("\\s*,\\s*")) {
            File folder = new File(directory).getAbsoluteFile();
            File file = new File(folder, name).getAbsoluteFile();
            if (file.isFile() && file.getPath().startsWith(folder.getPath())) {
                return true;
            }
        }
        return false;
    }
}
