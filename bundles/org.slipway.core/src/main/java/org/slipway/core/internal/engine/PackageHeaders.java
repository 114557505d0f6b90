package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses raw Export-Package and Import-Package header values, as the OSGi Core specification (3.2.4)
 * defines them: clauses separated by commas, each naming one or more packages followed by attributes
 * ({@code version="[1.1,2)"}) and directives ({@code uses:="a,b"}, {@code resolution:=optional}). Quoted
 * values may contain commas and semicolons. Stateless.
 */
public final class PackageHeaders {

    private PackageHeaders() {
    }

    /**
     * @param header the raw Export-Package value; {@code ""} for none
     * @return one entry per exported package, in header order
     * @throws IllegalArgumentException when the header is malformed, quoting it
     */
    public static List<PackageExport> exports(String header) {
        List<PackageExport> result = new ArrayList<>();
        for (Clause clause : clauses("Export-Package", header)) {
            String version = clause.version();
            Version parsed;
            try {
                parsed = version == null ? Version.ZERO : Version.parse(version);
            } catch (IllegalArgumentException e) {
                throw malformed("Export-Package", header, e.getMessage());
            }
            clause.names().forEach(name -> result.add(new PackageExport(name, parsed)));
        }
        return List.copyOf(result);
    }

    /**
     * @param header the raw Import-Package value; {@code ""} for none
     * @return one entry per imported package, in header order
     * @throws IllegalArgumentException when the header is malformed, quoting it
     */
    public static List<PackageImport> imports(String header) {
        List<PackageImport> result = new ArrayList<>();
        for (Clause clause : clauses("Import-Package", header)) {
            String version = clause.version();
            VersionRange range;
            try {
                range = version == null ? VersionRange.ANY : VersionRange.parse(version);
            } catch (IllegalArgumentException e) {
                throw malformed("Import-Package", header, e.getMessage());
            }
            boolean optional = "optional".equals(clause.directives().get("resolution"));
            clause.names().forEach(name -> result.add(new PackageImport(name, range, optional)));
        }
        return List.copyOf(result);
    }

    /** One comma-separated clause: its package names, attributes and directives, values unquoted. */
    private record Clause(List<String> names, Map<String, String> attributes, Map<String, String> directives) {

        /** The version attribute, or its deprecated alias specification-version; null when neither. */
        String version() {
            String version = attributes.get("version");
            return version != null ? version : attributes.get("specification-version");
        }
    }

    private static List<Clause> clauses(String headerName, String header) {
        List<Clause> result = new ArrayList<>();
        for (String text : split(headerName, header, ',')) {
            if (text.isBlank()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : split(headerName, header, text, ';')) {
                String trimmed = part.trim();
                int equals = indexOutsideQuotes(trimmed, '=');
                if (trimmed.isEmpty()) {
                    continue;
                } else if (equals < 0) {
                    names.add(trimmed);
                } else if (equals > 0 && trimmed.charAt(equals - 1) == ':') {
                    directives.put(trimmed.substring(0, equals - 1).trim(), unquote(trimmed.substring(equals + 1)));
                } else {
                    String key = trimmed.substring(0, equals).trim();
                    int colon = key.indexOf(':'); // a typed attribute, e.g. version:Version="1.0"
                    attributes.put(colon < 0 ? key : key.substring(0, colon).trim(),
                            unquote(trimmed.substring(equals + 1)));
                }
            }
            if (names.isEmpty()) {
                throw malformed(headerName, header, "clause \"" + text.trim() + "\" names no package");
            }
            result.add(new Clause(List.copyOf(names), attributes, directives));
        }
        return result;
    }

    private static List<String> split(String headerName, String header, char separator) {
        return split(headerName, header, header, separator);
    }

    /** Splits {@code text} at {@code separator}s outside double quotes; a backslash escapes inside quotes. */
    private static List<String> split(String headerName, String header, String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw malformed(headerName, header, "a quote is not closed");
        }
        parts.add(current.toString());
        return parts;
    }

    private static int indexOutsideQuotes(String text, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        String trimmed = value.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return trimmed;
    }

    private static IllegalArgumentException malformed(String headerName, String header, String why) {
        return new IllegalArgumentException("Malformed " + headerName + " \"" + header + "\": " + why);
    }
}
