package org.slipway.core.internal.karaf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipway.core.internal.engine.ConfigurationSchema;
import org.slipway.core.internal.engine.Designation;
import org.slipway.core.internal.engine.MetatypeXml;

/**
 * The OSGi Metatype of the bundles a change installs or updates, read from their jars before anything is
 * installed (and of installed bundles it keeps, for the configurations it writes) ({@code OSGI-INF/metatype/*.xml}, as the Metatype specification places it), with the configurations
 * each designation names now in Config Admin. A released jar never changes, so its metatype is read once. A
 * resource that is not well-formed, or larger than {@value #MAX_RESOURCE} bytes, is skipped with a warning, as
 * Felix's Metatype service skips it.
 */
final class Metatypes {

    static final int MAX_RESOURCE = 1 << 20;
    private static final int MAX_RESOURCES = 64;
    private static final String FOLDER = "OSGI-INF/metatype/";
    private static final Logger LOG = LoggerFactory.getLogger(Metatypes.class);

    private final ConfigurationAdmin admin;
    private final Supplier<List<Bundle>> installed;
    private final Environment environment;
    private final Map<String, List<ConfigurationSchema>> released = new ConcurrentHashMap<>();
    /** The metatype of installed bundles, by {@code id/lastModified}: a bundle's content changes only with that. */
    private final Map<String, List<ConfigurationSchema>> revisions = new ConcurrentHashMap<>();

    Metatypes(ConfigurationAdmin admin, Supplier<List<Bundle>> installed, Environment environment) {
        this.admin = admin;
        this.installed = installed;
        this.environment = environment;
    }

    /**
     * The designations, among the metatype of installed bundles a change keeps as they are, of configurations
     * {@code names} it writes: the code that stays reads them too.
     *
     * @param changing the keys ({@code symbolicName/version}) of the installed bundles the change updates or
     *                 uninstalls
     */
    List<Designation> staying(Set<String> names, Set<String> changing) throws IOException {
        List<Designation> designations = new ArrayList<>();
        for (Bundle bundle : installed.get()) {
            String key = bundle.getSymbolicName() + "/" + bundle.getVersion();
            if (bundle.getBundleId() == 0 || changing.contains(key)) {
                continue;
            }
            List<ConfigurationSchema> schemas = revisions.get(bundle.getBundleId() + "/" + bundle.getLastModified());
            if (schemas == null) {
                schemas = read(bundle, key);
                revisions.put(bundle.getBundleId() + "/" + bundle.getLastModified(), schemas);
            }
            for (ConfigurationSchema schema : schemas) {
                if (names.stream().anyMatch(schema::designates)) {
                    designations.add(designation(schema));
                }
            }
        }
        return designations;
    }

    /** An installed bundle's metatype, read from its own entries (never resolving it, as findEntries would). */
    private static List<ConfigurationSchema> read(Bundle bundle, String key) throws IOException {
        Enumeration<String> paths = bundle.getEntryPaths(FOLDER);
        List<ConfigurationSchema> schemas = new ArrayList<>();
        for (int resources = 0; paths != null && paths.hasMoreElements();) {
            String path = paths.nextElement();
            URL entry = path.endsWith(".xml") ? bundle.getEntry(path) : null;
            if (entry == null) {
                continue;
            }
            if (++resources > MAX_RESOURCES) {
                break;
            }
            try (InputStream in = entry.openStream()) {
                parse(bounded(in), path, key, schemas);
            }
        }
        return List.copyOf(schemas);
    }

    /**
     * @param bundles each bundle's location to its key ({@code symbolicName/version})
     * @return each designation of their metatype, with the configurations it designates now
     */
    List<Designation> designations(Map<String, String> bundles) throws IOException {
        List<Designation> designations = new ArrayList<>();
        for (Map.Entry<String, String> bundle : bundles.entrySet()) {
            for (ConfigurationSchema schema : schemas(bundle.getKey(), bundle.getValue())) {
                designations.add(designation(schema));
            }
        }
        return designations;
    }

    private List<ConfigurationSchema> schemas(String location, String key) throws IOException {
        if (location.contains("SNAPSHOT")) {
            return read(location, key);
        }
        List<ConfigurationSchema> known = released.get(location);
        if (known == null) {
            known = read(location, key);
            released.put(location, known);
        }
        return known;
    }

    private static List<ConfigurationSchema> read(String location, String key) throws IOException {
        List<ConfigurationSchema> schemas = new ArrayList<>();
        int resources = 0;
        try (InputStream in = new URL(location).openStream(); JarInputStream jar = new JarInputStream(in)) {
            for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                String name = entry.getName();
                if (!name.startsWith(FOLDER) || !name.endsWith(".xml") || name.indexOf('/', FOLDER.length()) >= 0) {
                    continue;
                }
                if (++resources > MAX_RESOURCES) {
                    LOG.warn("Bundle {} has more than {} metatype resources; the rest are not checked", key,
                            MAX_RESOURCES);
                    break;
                }
                parse(bounded(jar), name, key, schemas);
            }
        }
        return List.copyOf(schemas);
    }

    private static void parse(byte[] content, String name, String key, List<ConfigurationSchema> schemas) {
        if (content == null) {
            LOG.warn("Metatype {} of bundle {} is larger than {} bytes; not checked", name, key, MAX_RESOURCE);
            return;
        }
        try {
            schemas.addAll(MetatypeXml.parse(content, key));
        } catch (IllegalArgumentException e) {
            LOG.warn("Metatype {} of bundle {} is skipped: {}", name, key, e.getMessage());
        }
    }

    /** The entry's bytes, or {@code null} when it is larger than {@link #MAX_RESOURCE}. */
    private static byte[] bounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (out.size() + n > MAX_RESOURCE) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * {@code schema} with the configurations it designates now, and what the environment's overlay and the process
     * environment lay over them (or over one the change creates) when Config Admin delivers them.
     */
    private Designation designation(ConfigurationSchema schema) throws IOException {
        Map<String, Map<String, Object>> now = now(schema);
        Set<String> names = new java.util.TreeSet<>(now.keySet());
        if (!schema.factory()) {
            names.add(schema.pid());
        }
        environment.overlays().keySet().stream().filter(schema::designates).forEach(names::add);
        Map<String, Map<String, String>> overlay = new LinkedHashMap<>();
        Map<String, Map<String, String>> process = new LinkedHashMap<>();
        for (String name : names) {
            if (environment.overlays().containsKey(name)) {
                overlay.put(name, environment.overlays().get(name));
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (ConfigurationSchema.Attribute attribute : schema.attributes()) {
                String value = EffectiveConfiguration.process(name, attribute.id());
                if (value != null) {
                    values.put(attribute.id(), value);
                }
            }
            if (!values.isEmpty()) {
                process.put(name, values);
            }
        }
        return new Designation(schema, now, overlay, process);
    }

    /** The configurations {@code schema} designates now, by PID, typed, without bookkeeping keys. */
    private Map<String, Map<String, Object>> now(ConfigurationSchema schema) throws IOException {
        String filter = "(" + (schema.factory() ? "service.factoryPid" : "service.pid") + "="
                + schema.pid().replaceAll("([\\\\*()])", "\\\\$1") + ")";
        Configuration[] found;
        try {
            found = admin.listConfigurations(filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("PID " + schema.pid() + " of the metatype of " + schema.bundle()
                    + " makes an invalid filter " + filter, e);
        }
        Map<String, Map<String, Object>> now = new LinkedHashMap<>();
        for (Configuration configuration : found == null ? new Configuration[0] : found) {
            Dictionary<String, Object> properties = configuration.getProperties();
            Map<String, Object> values = new LinkedHashMap<>(properties == null ? Map.of()
                    : FrameworkUtil.asMap(properties));
            ConfigurationSnapshots.BOOKKEEPING.forEach(values::remove);
            now.put(configuration.getPid(), values);
        }
        return now;
    }
}
