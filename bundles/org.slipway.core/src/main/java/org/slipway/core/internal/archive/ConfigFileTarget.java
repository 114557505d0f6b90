package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where Karaf writes a {@code <configfile>}, and whether a release may write there: strictly under the
 * instance's {@code etc/}, and none of the platform's files.
 * <p>
 * Karaf's {@code FeatureConfigInstaller.substFinalName} substitutes every {@code ${...}} of the finalname with a
 * system property, and prefixes {@code karaf.base} unless the finalname opens with a property it could
 * substitute. Here only {@code ${karaf.etc}}, {@code ${karaf.base}} and {@code ${karaf.home}} are accepted, and
 * only at the start; everything else is taken as Karaf takes it, relative to {@code karaf.base}. This assumes
 * the layout Karaf's and Slipway's start scripts set up for one instance: {@code karaf.home} and
 * {@code karaf.base} the same folder, {@code karaf.etc} its {@code etc/}.
 * <p>
 * The path is judged as written, not by the file system: a {@code ..} segment is refused even where it would
 * lead back inside, because through a symbolic link the operating system may resolve it elsewhere. File names
 * are plain ASCII (letters, digits, {@code . _ - +}), so that no case folding, Unicode normalisation or Windows
 * name rule (trailing dots, drive letters, streams, {@code ~1} short names) makes one name stand for another;
 * the platform's names are compared ignoring case.
 */
final class ConfigFileTarget {

    /**
     * Where a configfile may be written, relative to the instance; {@code path} is what Karaf would write to,
     * as written (for a refused path possibly not normalised), and {@code problem} why a release may not write
     * there, a phrase to follow the element in a message, empty when it may.
     */
    record Resolution(String path, Optional<String> problem) {

        Resolution {
            requireNonNull(path, "path");
            requireNonNull(problem, "problem");
        }
    }

    private static final String ETC = "etc";
    private static final Map<String, String> VARIABLES = Map.of("${karaf.etc}", ETC, "${karaf.base}", "",
            "${karaf.home}", "");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.+-]+");
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:.*");

    /** Files of the platform directly named, lower case, and what they hold. */
    private static final Map<String, String> PLATFORM_FILES = Map.ofEntries(
            Map.entry("users.properties", "users and credentials"),
            Map.entry("keys.properties", "users' SSH keys"),
            Map.entry("host.key", "the SSH host key"),
            Map.entry("host.key.pub", "the SSH host key"),
            Map.entry("shell.init.script", "a script every shell session runs"),
            Map.entry("config.properties", "the framework's configuration"),
            Map.entry("custom.properties", "the framework's configuration"),
            Map.entry("system.properties", "the JVM's system properties"),
            Map.entry("custom.system.properties", "the JVM's system properties"),
            Map.entry("startup.properties", "the start-up bundles"),
            Map.entry("jre.properties", "the packages of the JRE"),
            Map.entry("profile.cfg", "the instance's profile"),
            Map.entry("java.util.logging.properties", "the JVM's logging"),
            Map.entry("equinox-debug.properties", "the framework's debug options"),
            Map.entry("distribution.info", "the distribution's identity"),
            Map.entry("org.apache.karaf.features.xml", "features processing: overrides and blacklist"),
            Map.entry("versions.properties", "features processing: overrides and blacklist"),
            Map.entry("overrides.properties", "features processing: overrides and blacklist"),
            Map.entry("blacklisted.properties", "features processing: overrides and blacklist"));

    /** Extensions of the platform's kinds of file, lower case, and what they hold. */
    private static final List<Map.Entry<String, String>> PLATFORM_EXTENSIONS = List.of(
            Map.entry(".key", "a private key"),
            Map.entry(".jks", "a keystore"),
            Map.entry(".ks", "a keystore"),
            Map.entry(".keystore", "a keystore"),
            Map.entry(".truststore", "a keystore"),
            Map.entry(".p12", "a keystore"),
            Map.entry(".pfx", "a keystore"),
            // the folder of trusted signing certificates is configurable (trustedCertificates, under etc/)
            Map.entry(".pem", "a certificate, as trusted signing certificates are"),
            Map.entry(".crt", "a certificate, as trusted signing certificates are"),
            Map.entry(".cer", "a certificate, as trusted signing certificates are"),
            Map.entry(".policy", "the security policy"),
            Map.entry(".script", "a script shell sessions run"));

    /** Extensions Felix fileinstall reads from {@code etc/} as configurations ({@code felix.fileinstall.filter}). */
    private static final List<String> CONFIGURATIONS = List.of(".cfg", ".config", ".json");

    private ConfigFileTarget() {
    }

    /** @param finalname the {@code finalname} attribute as written */
    static Resolution resolve(String finalname) {
        requireNonNull(finalname, "finalname");
        String shown = EntryNames.bounded(finalname, DeclaredElement.SHOWN);
        if (finalname.isBlank()) {
            return refused(finalname, "names no file");
        }
        String prefix = null;
        String rest = finalname;
        for (String variable : VARIABLES.keySet()) {
            if (finalname.startsWith(variable)) {
                prefix = variable;
                rest = finalname.substring(variable.length());
            }
        }
        int other = rest.indexOf("${");
        if (other >= 0) {
            int end = rest.indexOf('}', other);
            String variable = end < 0 ? rest.substring(other) : rest.substring(other, end + 1);
            return refused(finalname, "uses " + EntryNames.bounded(variable, 60) + ", a property other than"
                    + " ${karaf.etc}, ${karaf.base} and ${karaf.home}");
        }
        String path;
        if (prefix == null) {
            if (rest.startsWith("/") || rest.startsWith("\\") || DRIVE.matcher(rest).matches()) {
                return refused(finalname, "would write " + shown + ", an absolute path, outside etc/");
            }
            path = rest;
        } else if (!rest.isEmpty() && !rest.startsWith("/")) {
            return refused(finalname, "would write " + shown + ", beside " + prefix + " rather than inside it,"
                    + " outside etc/");
        } else {
            String root = VARIABLES.get(prefix);
            path = root.isEmpty() ? rest.substring(Math.min(1, rest.length())) : root + rest;
        }
        return check(path);
    }

    /** @param path relative to the instance, {@code /}-separated, not normalised */
    private static Resolution check(String path) {
        String shown = EntryNames.bounded(path, DeclaredElement.SHOWN);
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return refused(path, "would write " + shown + ", outside etc/");
            }
            if (!SEGMENT.matcher(segment).matches() || segment.endsWith(".")) {
                return refused(path, "would write " + shown + ", a name of other characters than letters, digits"
                        + " and . _ - + (or ending in a dot)");
            }
            segments.add(segment);
        }
        String target = String.join("/", segments);
        if (segments.isEmpty() || !segments.get(0).equals(ETC)) {
            return refused(target, "would write " + (target.isEmpty() ? "the instance folder" : target)
                    + ", outside etc/");
        }
        if (segments.size() == 1) {
            return refused(target, "would write etc/ itself, not a file under it");
        }
        return platform(segments).map(what -> refused(target, "would write " + target + ", a file of the platform ("
                + what + ")")).orElse(new Resolution(target, Optional.empty()));
    }

    /**
     * @param path a normalised path under {@code etc/}, such as the {@code etc/PID.cfg} Karaf stores a
     *             {@code <config>} in
     * @return what the platform keeps there, when it is one of the platform's files; empty otherwise
     */
    static Optional<String> platformFile(String path) {
        List<String> segments = List.of(path.split("/"));
        return segments.size() < 2 ? Optional.empty() : platform(segments);
    }

    /** @param segments {@code etc} and at least one more */
    private static Optional<String> platform(List<String> segments) {
        String first = segments.get(1).toLowerCase(Locale.ROOT);
        if (segments.size() > 2 && first.equals("slipway-trusted")) {
            return Optional.of("trusted signing certificates");
        }
        if (segments.size() > 2 && first.equals("scripts")) {
            return Optional.of("scripts every shell session runs");
        }
        if (segments.size() > 2 && first.equals("env")) {
            return Optional.of("an environment's overlay, which is the operator's");
        }
        for (String folder : segments.subList(1, segments.size() - 1)) {
            if (CONFIGURATIONS.stream().anyMatch(folder.toLowerCase(Locale.ROOT)::endsWith)) {
                return Optional.of("a folder fileinstall would read as a configuration");
            }
        }
        String file = segments.get(segments.size() - 1).toLowerCase(Locale.ROOT);
        if (PLATFORM_FILES.containsKey(file)) {
            return Optional.of(PLATFORM_FILES.get(file));
        }
        if (file.startsWith("branding") && file.endsWith(".properties")) {
            return Optional.of("the console's branding");
        }
        for (Map.Entry<String, String> extension : PLATFORM_EXTENSIONS) {
            if (file.endsWith(extension.getKey())) {
                return Optional.of(extension.getValue());
            }
        }
        for (String extension : CONFIGURATIONS) {
            String pid = file.endsWith(extension) ? file.substring(0, file.length() - extension.length()) : "";
            if (!pid.isEmpty() && PlatformConfiguration.isPlatformPid(pid)) {
                return Optional.of("configuration " + segments.get(segments.size() - 1).substring(0, pid.length()));
            }
        }
        return Optional.empty();
    }

    private static Resolution refused(String path, String problem) {
        return new Resolution(path, Optional.of(problem));
    }
}
