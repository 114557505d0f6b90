package org.slipway.shell.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one flat JSON object (string, number, boolean or null values) into strings: the request bodies of
 * the management endpoint. Anything nested is refused.
 */
final class FlatJson {

    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the offset where {@code text} is not such an object */
    static Map<String, String> read(String text) {
        FlatJson reader = new FlatJson(text);
        Map<String, String> fields = new LinkedHashMap<>();
        reader.expect('{');
        if (!reader.next('}')) {
            do {
                String key = reader.string();
                reader.expect(':');
                fields.put(key, reader.value());
            } while (reader.next(','));
            reader.expect('}');
        }
        reader.space();
        if (reader.at != text.length()) {
            throw reader.error("nothing after the object");
        }
        return fields;
    }

    private String value() {
        space();
        if (at < text.length() && text.charAt(at) == '"') {
            return string();
        }
        int start = at;
        while (at < text.length() && "-+.eE0123456789truefalsn".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String literal = text.substring(start, at);
        if (literal.equals("null")) {
            return null;
        }
        if (literal.equals("true") || literal.equals("false") || literal.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            return literal;
        }
        throw error("a string, number, boolean or null");
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("four hex digits");
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> out.append(e);
            }
        }
        throw error("the end of the string");
    }

    private boolean next(char c) {
        space();
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!next(c)) {
            throw error("'" + c + "'");
        }
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("expected " + expected + " at offset " + at);
    }
}
