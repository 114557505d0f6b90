package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slipway.api.Problem;

/**
 * The values Felix Config Admin's interpolation plugin expands when it delivers a configuration:
 * {@code $[env:NAME]} (the process environment), {@code $[prop:NAME]} (framework and system properties) and
 * {@code $[secret:NAME]} (the file NAME in the secrets directory). The plugin leaves a reference it cannot resolve
 * as it is, so the application would read the literal {@code $[secret:NAME]}: a configuration a change leaves must
 * not refer to one that is missing, unless the reference gives a {@code default}. Problems name the configuration,
 * the key and the reference, never a value.
 */
public final class ConfigurationReferences {

    /** {@code $[type:name;directive=value...]}, as the plugin's Interpolator reads it (no nesting). */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\[(env|prop|secret):([^;\\]]*)((?:;[^\\]]*)?)\\]");

    private ConfigurationReferences() {
    }

    /**
     * @param after    each configuration the change leaves, by name, to its values
     * @param resolves whether the plugin finds a value for a reference's type and name
     * @return a refusing problem for each reference without a default that does not resolve
     */
    public static List<Problem> check(Map<String, Map<String, Object>> after, BiPredicate<String, String> resolves) {
        List<Problem> problems = new ArrayList<>();
        after.forEach((name, values) -> values.forEach((key, value) -> {
            for (Object element : ConfigurationValidation.elements(value)) {
                Matcher found = REFERENCE.matcher(String.valueOf(element));
                Set<String> missing = new LinkedHashSet<>();
                while (found.find()) {
                    boolean defaulted = found.group(3).matches(".*;\\s*default=.*");
                    if (!defaulted && !resolves.test(found.group(1), found.group(2).trim())) {
                        missing.add(found.group());
                    }
                }
                missing.forEach(reference -> problems.add(Problem.error("Configuration " + name + ", key " + key
                        + " refers to " + reference + ", " + what(reference) + "; the application would read the"
                        + " reference itself: provide it before the change, or give the reference a default"
                        + " (;default=...)")));
            }
        }));
        return problems;
    }

    private static String what(String reference) {
        if (reference.startsWith("$[secret:")) {
            return "a secret that is not in the secrets directory"
                    + " (org.apache.felix.configadmin.plugin.interpolation.secretsdir, secrets/)";
        }
        if (reference.startsWith("$[env:")) {
            return "a variable the instance's process environment does not have";
        }
        return "a property the framework does not have";
    }
}
