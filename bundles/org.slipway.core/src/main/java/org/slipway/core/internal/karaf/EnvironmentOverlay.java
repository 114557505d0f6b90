package org.slipway.core.internal.karaf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays the environment's overlay ({@link Environment}) over every configuration Config Admin delivers: a key of
 * {@code etc/env/NAME/<pid>.cfg} replaces the configuration's value, or adds it. Stored configurations stay as
 * they are (the operator's edits and the release's defaults, which the three-way merge works on); only what the
 * code receives changes, as with Karaf's own plugin for the process environment. The ranking (400) puts it before
 * Felix's interpolation plugin and Karaf's environment-variable plugin (500 both): an overlay may say
 * {@code $[secret:NAME]}, and {@code PID_KEY} in the process environment still wins over it.
 */
@Component(service = ConfigurationPlugin.class, property = {ConfigurationPlugin.CM_RANKING + ":Integer=400",
    "config.plugin.id=org.slipway.environment"})
public final class EnvironmentOverlay implements ConfigurationPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentOverlay.class);

    private final Environment environment;

    @Activate
    public EnvironmentOverlay(BundleContext context) {
        this.environment = environment(context::getProperty, true);
    }

    /**
     * @param properties the framework's properties
     * @param log        whether to log the environment, or why there is none (once per start: by this component)
     * @return the instance's environment; none, logged as an error, when it names no folder (bin/slipway refuses
     *         it)
     */
    static Environment environment(UnaryOperator<String> properties, boolean log) {
        String etc = properties.apply("karaf.etc");
        try {
            Environment read = Environment.read(properties.apply(Environment.PROPERTY),
                    Path.of(etc == null ? "etc" : etc));
            if (log && !read.name().isEmpty()) {
                LOG.info("Environment {}: overlays {}", read.name(), read.overlays().keySet());
            }
            return read;
        } catch (IllegalArgumentException | IOException e) {
            if (log) {
                LOG.error("{}; configurations get no overlay", e.getMessage());
            }
            return Environment.NONE;
        }
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        Map<String, String> overlay = pid == null ? null : environment.overlays().get(pid.toString());
        if (overlay != null) {
            overlay.forEach(properties::put);
        }
    }
}
