package org.slipway.core.internal.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.cm.file.ConfigurationHandler;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slipway.core.internal.archive.PlatformConfiguration;

/**
 * Captures, before a change, every configuration and file the change may write, and puts them back exactly
 * when it is rolled back or recovered: each configuration's every property with its type (in Config
 * Admin's own persisted format), or its absence; each file's bytes, or its absence. A configuration is named
 * as a Karaf {@code <config name>}: a PID, or {@code factoryPid~name} (also {@code factoryPid-name}) for a
 * factory configuration, found as Karaf's FeatureConfigInstaller finds it. Files are paths relative to the
 * instance ({@code karaf.base}).
 */
final class ConfigurationSnapshots {

    /** Files larger than this are not journaled: a change that would write over one is refused. */
    static final int MAX_FILE = 1 << 20;

    private static final String CONFIG = "config:";
    private static final String FILE = "file:";
    private static final String ABSENT = "absent";
    private static final String KARAF_CONFIG_KEY = "org.apache.karaf.features.configKey";

    private final ConfigurationAdmin admin;
    private final Path base;
    private final java.time.Duration settle;

    /**
     * @param settle how long Felix fileinstall may take to act on a file put back: a little more than its
     *               poll interval ({@code felix.fileinstall.poll})
     */
    ConfigurationSnapshots(ConfigurationAdmin admin, Path base, java.time.Duration settle) {
        this.admin = admin;
        this.base = base;
        this.settle = settle;
    }

    /** @return journal entries: {@code config:<name>} and {@code file:<path>} to their encoded state */
    Map<String, String> capture(List<String> configurations, List<String> files) throws IOException {
        Map<String, String> captured = new LinkedHashMap<>();
        for (String name : configurations) {
            captured.put(CONFIG + name, encode(find(name)));
        }
        for (String file : files) {
            Path path = resolve(file);
            if (!Files.isRegularFile(path)) {
                captured.put(FILE + file, ABSENT);
            } else if (Files.size(path) > MAX_FILE) {
                throw new IllegalArgumentException("File " + file + " is over " + MAX_FILE + " bytes: a change "
                        + "that may write it cannot journal its previous content");
            } else {
                captured.put(FILE + file, Base64.getEncoder().encodeToString(Files.readAllBytes(path)));
            }
        }
        return captured;
    }

    /** Puts back every entry {@link #capture} returned; other entries are ignored. */
    void restore(Map<String, String> captured) throws IOException {
        for (Map.Entry<String, String> entry : captured.entrySet()) {
            if (entry.getKey().startsWith(FILE)) {
                Path path = resolve(entry.getKey().substring(FILE.length()));
                if (entry.getValue().equals(ABSENT)) {
                    Files.deleteIfExists(path);
                } else {
                    Path temp = path.resolveSibling(path.getFileName() + ".slipway-restore");
                    Files.write(temp, Base64.getDecoder().decode(entry.getValue()));
                    Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        restoreConfigurations(captured);
        if (captured.keySet().stream().noneMatch(k -> k.startsWith(CONFIG))) {
            return;
        }
        // Felix fileinstall reacts to the files put back (or removed) at its next poll, and may delete or
        // rewrite a configuration on its own: let it, then put back what differs, once more if need be.
        for (int pass = 0; pass < 2; pass++) {
            sleep(settle);
            Map<String, String> differing = differing(captured);
            if (differing.isEmpty()) {
                return;
            }
            restoreConfigurations(differing);
        }
        List<String> still = List.copyOf(differing(captured).keySet());
        if (!still.isEmpty()) {
            throw new IOException("Configurations " + still + " keep changing after they were put back");
        }
    }

    private void restoreConfigurations(Map<String, String> captured) throws IOException {
        for (Map.Entry<String, String> entry : captured.entrySet()) {
            if (entry.getKey().startsWith(CONFIG)) {
                restore(entry.getKey().substring(CONFIG.length()), decode(entry.getValue()));
            }
        }
    }

    /** @return the captured configurations that differ from what Config Admin holds now */
    private Map<String, String> differing(Map<String, String> captured) throws IOException {
        Map<String, String> differing = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : captured.entrySet()) {
            if (entry.getKey().startsWith(CONFIG) && !comparable(decode(entry.getValue()))
                    .equals(comparable(decode(encode(find(entry.getKey().substring(CONFIG.length()))))))) {
                differing.put(entry.getKey(), entry.getValue());
            }
        }
        return differing;
    }

    /** Properties as comparable text: sorted, arrays by content, without what Config Admin sets itself. */
    private static Map<String, String> comparable(Map<String, Dictionary<String, Object>> configurations) {
        Map<String, String> text = new java.util.TreeMap<>();
        configurations.forEach((pid, properties) -> {
            Map<String, String> values = new java.util.TreeMap<>();
            for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!key.startsWith("service.") && !key.equals(":org.apache.felix.configadmin.revision:")) {
                    Object value = properties.get(key);
                    values.put(key, value == null ? "null" : value.getClass().getSimpleName() + ":"
                            + java.util.Arrays.deepToString(new Object[] {value}));
                }
            }
            text.put(pid, values.toString());
        });
        return text;
    }

    private static void sleep(java.time.Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while putting configurations back", e);
        }
    }

    private void restore(String name, Map<String, Dictionary<String, Object>> before) throws IOException {
        for (Configuration now : find(name)) {
            if (!before.containsKey(now.getPid())) {
                now.delete();
            }
        }
        for (Map.Entry<String, Dictionary<String, Object>> entry : before.entrySet()) {
            String pid = entry.getKey();
            int tilde = pid.indexOf('~');
            Configuration configuration = tilde > 0
                    ? admin.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?")
                    : admin.getConfiguration(pid, "?");
            Dictionary<String, Object> properties = entry.getValue();
            properties.remove("service.pid");
            properties.remove("service.factoryPid");
            properties.remove("service.bundleLocation");
            configuration.update(properties);
        }
    }

    /** Keys that Config Admin, Karaf's features service and Felix fileinstall add to a configuration. */
    static final java.util.Set<String> BOOKKEEPING = java.util.Set.of("service.pid", "service.factoryPid",
            "service.bundleLocation", KARAF_CONFIG_KEY, "felix.fileinstall.filename");

    /**
     * @return the properties (as strings) of the configuration Karaf's installer would find for {@code name},
     *         without {@link #BOOKKEEPING} keys; {@code null} when there is none
     */
    Map<String, String> values(String name) throws IOException {
        Configuration[] found = find(name);
        if (found.length == 0) {
            return null;
        }
        Map<String, String> values = new java.util.TreeMap<>();
        Dictionary<String, Object> properties = found[0].getProperties();
        if (properties != null) {
            for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!BOOKKEEPING.contains(key)) {
                    Object value = properties.get(key);
                    values.put(key, value instanceof Object[] array ? java.util.Arrays.toString(array)
                            : String.valueOf(value));
                }
            }
        }
        return values;
    }

    /**
     * Writes one configuration's merge: sets and removes its keys, every other key kept with its type, or
     * deletes it. Config Admin persists it, and fileinstall writes it back to the {@code etc/} file it came from.
     * A configuration that is not there is left absent.
     */
    void write(org.slipway.core.internal.engine.ConfigurationWrite write) throws IOException {
        for (Configuration configuration : find(write.name())) {
            if (write.delete()) {
                configuration.delete();
                continue;
            }
            Dictionary<String, Object> properties = configuration.getProperties();
            java.util.Hashtable<String, Object> merged = properties == null ? new java.util.Hashtable<>()
                    : new java.util.Hashtable<>(org.osgi.framework.FrameworkUtil.asMap(properties));
            write.remove().forEach(merged::remove);
            merged.putAll(write.set());
            configuration.updateIfDifferent(merged);
        }
    }

    /** @return {@code file} (relative to the instance) exists */
    boolean fileExists(String file) {
        return Files.exists(resolve(file));
    }

    /** The configurations Karaf's installer would find or create for {@code name}. */
    private Configuration[] find(String name) throws IOException {
        String factory = PlatformConfiguration.factoryPid(name); // Karaf's reading of factoryPid~name / -name
        String filter = !factory.equals(name)
                ? "(|(" + KARAF_CONFIG_KEY + "=" + escape(name) + ")(service.pid=" + escape(factory + "~"
                        + name.substring(factory.length() + 1)) + "))"
                : "(service.pid=" + escape(name) + ")";
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Configuration name " + name + " makes an invalid filter " + filter, e);
        }
    }

    private static String encode(Configuration[] configurations) throws IOException {
        if (configurations.length == 0) {
            return ABSENT;
        }
        StringBuilder out = new StringBuilder();
        for (Configuration configuration : configurations) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Dictionary<String, Object> properties = configuration.getProperties();
            ConfigurationHandler.write(bytes, properties == null ? new java.util.Hashtable<>() : properties);
            out.append(configuration.getPid()).append('\n')
                    .append(Base64.getEncoder().encodeToString(bytes.toByteArray())).append('\n');
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Dictionary<String, Object>> decode(String encoded) throws IOException {
        Map<String, Dictionary<String, Object>> configurations = new HashMap<>();
        if (encoded.equals(ABSENT)) {
            return configurations;
        }
        String[] lines = encoded.split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            byte[] bytes = Base64.getDecoder().decode(lines[i + 1]);
            Dictionary<String, Object> properties = ConfigurationHandler.read(new ByteArrayInputStream(bytes));
            configurations.put(lines[i], properties);
        }
        return configurations;
    }

    private Path resolve(String file) {
        Path path = base.resolve(file).normalize();
        if (!path.startsWith(base)) {
            throw new IllegalArgumentException("File " + file + " is outside the instance");
        }
        return path;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
