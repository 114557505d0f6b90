package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which configuration PIDs belong to the platform (Karaf, Felix, Pax, Aries, Equinox, SSHD, JMX access control
 * and Slipway itself), so that no application release changes them: neither through a {@code <config>}
 * element nor through a {@code .cfg}, {@code .config} or {@code .json} file in {@code etc/}. Plain Java,
 * stateless, thread-safe.
 * <p>
 * Comparisons ignore case: Karaf stores a configuration as {@code etc/PID.cfg}, and on a case-insensitive file
 * system {@code etc/ORG.APACHE.KARAF.SHELL.cfg} is the file of {@code org.apache.karaf.shell}.
 */
public final class PlatformConfiguration {

    /**
     * A PID starting with one of these is the platform's; so is the PID the prefix names without its final dot
     * ({@code org.apache.karaf}).
     */
    public static final List<String> PREFIXES = List.of("org.apache.karaf.", "org.apache.felix.", "org.ops4j.",
            "org.slipway.", "org.apache.aries.", "org.eclipse.", "org.apache.sshd.", "jmx.acl");

    /** PIDs of the platform named exactly (also covered by {@link #PREFIXES}; listed for the record). */
    public static final Set<String> PIDS = Set.of("org.apache.karaf.shell", "org.apache.karaf.features",
            "org.apache.karaf.management");

    /**
     * JMX domains of the platform (compared in lower case, as prefixes): a {@code jmx.acl.<domain>} PID for one of
     * them stays the platform's whoever asks.
     */
    public static final List<String> PLATFORM_JMX_DOMAINS = List.of("java.", "javax.", "jdk.", "com.sun.",
            "jmimplementation", "osgi.", "org.apache.karaf", "org.apache.felix", "org.ops4j", "org.slipway",
            "org.apache.aries", "org.eclipse", "org.apache.sshd", "connector", "hawtio");

    private static final String JMX_ACL = "jmx.acl.";

    private PlatformConfiguration() {
    }

    /**
     * Karaf's JMX access control reads {@code jmx.acl.<domain>[.<key values>]} for an MBean of {@code <domain>},
     * and {@code jmx.acl} for every MBean. An application may ship the ACL of its own domain (Camel's
     * {@code camel-core} feature ships {@code jmx.acl.org.apache.camel}); {@link #isPlatformPid} still calls it
     * the platform's, and the caller decides whose the domain is.
     *
     * @return the domain part of a {@code jmx.acl.<domain>} PID when it has at least two segments and is none of
     *         {@link #PLATFORM_JMX_DOMAINS}; empty otherwise (for {@code jmx.acl} itself, too)
     */
    public static java.util.Optional<String> applicationJmxDomain(String pid) {
        String name = requireNonNull(pid, "pid").toLowerCase(Locale.ROOT);
        if (!name.startsWith(JMX_ACL) || name.contains("~")) {
            return java.util.Optional.empty();
        }
        String domain = name.substring(JMX_ACL.length());
        boolean platform = PLATFORM_JMX_DOMAINS.stream().anyMatch(d -> domain.startsWith(d)
                || d.endsWith(".") && domain.equals(d.substring(0, d.length() - 1)));
        return platform || domain.indexOf('.') <= 0 || domain.endsWith(".") ? java.util.Optional.empty()
                : java.util.Optional.of(domain);
    }

    /**
     * @param pid a PID, or a factory configuration's name as Karaf writes it in a feature ({@code factory~alias}
     *            or {@code factory-alias}) or Felix fileinstall in a file name
     * @return whether the PID, or the factory PID it names, is the platform's
     */
    public static boolean isPlatformPid(String pid) {
        String name = requireNonNull(pid, "pid").toLowerCase(Locale.ROOT);
        return isPlatform(name) || isPlatform(factoryPid(name));
    }

    /**
     * The factory PID a configuration name stands for, read as Karaf's {@code FeatureConfigInstaller} reads it:
     * the part before the first {@code ~}, or, without one, before the first {@code -}.
     *
     * @return the factory PID, or {@code pid} itself when it names no factory configuration
     */
    public static String factoryPid(String pid) {
        requireNonNull(pid, "pid");
        int separator = pid.contains("~") ? pid.indexOf('~') : pid.indexOf('-');
        return separator > 0 ? pid.substring(0, separator) : pid;
    }

    private static boolean isPlatform(String pid) {
        if (PIDS.contains(pid)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (pid.startsWith(prefix)
                    || prefix.endsWith(".") && pid.equals(prefix.substring(0, prefix.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
