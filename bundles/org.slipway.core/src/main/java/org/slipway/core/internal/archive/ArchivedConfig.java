package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code <config>} of a release's feature that passed the checks: a configuration of the application's own,
 * which Karaf's {@code FeatureConfigInstaller} applies through Configuration Admin when it installs the
 * feature and stores in {@link #file()}.
 *
 * @param pid        the {@code name} attribute: a PID, or a factory configuration's name ({@code factory~alias} or
 *                   {@code factory-alias}, see {@link #factoryPid()})
 * @param content    the properties as written, each line trimmed as Karaf reads them, in properties format or,
 *                   when it opens with <code>{</code>, JSON
 * @param append     {@code append="true"}: Karaf adds only the keys an existing configuration lacks
 * @param override   {@code override="true"}: Karaf replaces an existing configuration
 * @param conditions the {@code <condition>}s of the {@code <conditional>} it is in, empty when it always applies
 */
public record ArchivedConfig(String pid, String content, boolean append, boolean override, List<String> conditions) {

    /** Karaf's test for JSON content ({@code FeatureConfigInstaller.JSON_PATTERN}). */
    private static final Pattern JSON = Pattern.compile("\\s*\\{[\\s\\S]*");

    public ArchivedConfig {
        requireNonNull(pid, "pid");
        requireNonNull(content, "content");
        conditions = List.copyOf(conditions);
    }

    /** @return the factory PID when {@link #pid()} names a factory configuration, as Karaf reads it */
    public Optional<String> factoryPid() {
        String factory = PlatformConfiguration.factoryPid(pid);
        return factory.equals(pid) ? Optional.empty() : Optional.of(factory);
    }

    /** @return whether Karaf reads {@link #content()} as JSON */
    public boolean isJson() {
        return JSON.matcher(content).matches();
    }

    /** @return the file Karaf stores the configuration in, relative to the instance: {@code etc/PID.cfg} or {@code .json} */
    public String file() {
        return "etc/" + pid + (isJson() ? ".json" : ".cfg");
    }

    @Override
    public String toString() {
        return "config " + pid + (append ? " (append)" : "") + (override ? " (override)" : "")
                + (conditions.isEmpty() ? "" : " if " + String.join(" and ", conditions));
    }
}
