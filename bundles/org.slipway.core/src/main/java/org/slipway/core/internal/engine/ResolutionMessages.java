package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the resolver's nested {@code Unable to resolve ...: missing requirement ... [caused by: ...]} text
 * into one sentence about the innermost cause, e.g. {@code Bundle a.b/1.1.0 of feature greeter/2.0.0 cannot
 * resolve: it needs package a.c [1.1.0,2.0.0), which nothing in the target state exports}. Text it does not
 * recognise passes through unchanged. Stateless.
 */
public final class ResolutionMessages {

    private static final String CAUSED_BY = "[caused by: ";
    private static final Pattern LEVEL = Pattern.compile(
            "Unable to resolve (.+?): missing requirement \\[(.+?)\\] ([^;\\s]+)(?:;\\s*(.*))?", Pattern.DOTALL);
    private static final Pattern FILTER = Pattern.compile("filter:=\"([^\"]*)\"");
    private static final Pattern ATTRIBUTE = Pattern.compile("(?:^|;)\\s*([\\w.-]+)=\"?([^\";]*)\"?");

    private ResolutionMessages() {
    }

    /** One level of the chain: the resource that cannot resolve and the requirement it misses. */
    private record Level(String resource, String namespace, String attributes) {

        String attribute(String name) {
            Matcher m = ATTRIBUTE.matcher(attributes);
            while (m.find()) {
                if (m.group(1).equals(name)) {
                    return m.group(2).trim();
                }
            }
            return null;
        }

        RequirementFilter filter() {
            Matcher m = FILTER.matcher(attributes);
            return new RequirementFilter(m.find() ? m.group(1) : "");
        }
    }

    /** @return each message translated by {@link #translate(String)}, in order */
    public static List<String> translate(List<String> messages) {
        return messages.stream().map(ResolutionMessages::translate).toList();
    }

    /** @return a readable sentence for a resolver message, or {@code message} itself when not recognised */
    public static String translate(String message) {
        List<Level> levels = parse(message.trim());
        if (levels.isEmpty()) {
            return message;
        }
        String feature = null;
        for (int i = 0; i + 1 < levels.size(); i++) {
            if ("karaf.feature".equals(levels.get(i).attribute("type"))) {
                feature = levels.get(i + 1).resource();
            }
        }
        Level cause = levels.get(levels.size() - 1);
        String subject;
        if ("root".equals(cause.resource())) {
            subject = "The target state";
        } else if (cause.resource().equals(feature)) {
            subject = "Feature " + feature;
        } else {
            subject = "Bundle " + cause.resource() + (feature == null ? "" : " of feature " + feature);
        }
        return subject + " cannot resolve: it needs " + need(cause);
    }

    private static String need(Level cause) {
        RequirementFilter filter = cause.filter();
        String range = filter.range();
        String inRange = range.isEmpty() ? "" : " " + range;
        switch (cause.namespace()) {
            case "osgi.wiring.package":
                return "package " + filter.value("osgi.wiring.package").orElse("?") + inRange
                        + ", which nothing in the target state exports";
            case "osgi.service":
                return "a service " + filter.value("objectClass").orElse(filter.toString())
                        + ", which nothing in the target state provides";
            case "osgi.extender":
                return "extender " + filter.value("osgi.extender").orElse("?") + inRange
                        + ", which nothing in the target state provides";
            case "osgi.ee":
                return "execution environment " + filter.value("osgi.ee").orElse("?") + inRange
                        + ", which this Java runtime does not provide";
            case "osgi.identity":
                String type = cause.attribute("type");
                String version = cause.attribute("version");
                return ("karaf.feature".equals(type) ? "feature " : "bundle ") + cause.attribute("osgi.identity")
                        + (version == null ? "" : " " + version) + ", which no repository provides";
            default:
                String what = filter.toString().isEmpty() ? cause.attributes() : filter.toString();
                return cause.namespace() + (what.isEmpty() ? "" : " " + what)
                        + ", which nothing in the target state provides";
        }
    }

    /** @return the chain of levels, outermost first; empty when the text is not a resolver message */
    private static List<Level> parse(String message) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        for (int at = message.indexOf(CAUSED_BY); at >= 0; at = message.indexOf(CAUSED_BY, start)) {
            segments.add(message.substring(start, at).trim());
            start = at + CAUSED_BY.length();
        }
        String last = message.substring(start).trim();
        int closing = segments.size();
        while (closing > 0 && last.endsWith("]")) {
            last = last.substring(0, last.length() - 1).trim();
            closing--;
        }
        if (closing != 0) {
            return List.of();
        }
        segments.add(last);
        List<Level> levels = new ArrayList<>();
        for (String segment : segments) {
            Matcher m = LEVEL.matcher(segment);
            if (!m.matches()) {
                return List.of();
            }
            levels.add(new Level(m.group(1).trim(), m.group(3), m.group(4) == null ? "" : m.group(4).trim()));
        }
        return levels;
    }
}
