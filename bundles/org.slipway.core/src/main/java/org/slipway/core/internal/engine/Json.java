package org.slipway.core.internal.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny JSON writer and reader for flat objects whose values are strings or {@code null}: all the journal
 * needs, without a library. Stateless.
 */
final class Json {

    private Json() {
    }

    /** @return {@code fields} as one JSON object on one line, in iteration order */
    static String write(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, key);
            out.append(':');
            if (value == null) {
                out.append("null");
            } else {
                string(out, value);
            }
        });
        return out.append('}').toString();
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * @param line one JSON object with string or null values
     * @return its fields in order
     * @throws IllegalArgumentException when {@code line} is not such an object, e.g. cut short by a crash
     */
    static Map<String, String> read(String line) {
        Reader reader = new Reader(line);
        Map<String, String> fields = new LinkedHashMap<>();
        reader.expect('{');
        if (!reader.skipIf('}')) {
            do {
                String key = reader.string();
                reader.expect(':');
                fields.put(key, reader.skipWord("null") ? null : reader.string());
            } while (reader.skipIf(','));
            reader.expect('}');
        }
        reader.end();
        return fields;
    }

    /** A cursor over one line. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        void expect(char c) {
            if (!skipIf(c)) {
                throw fail("expected '" + c + "'");
            }
        }

        boolean skipIf(char c) {
            blanks();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        boolean skipWord(String word) {
            blanks();
            if (text.startsWith(word, at)) {
                at += word.length();
                return true;
            }
            return false;
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                } else if (c != '\\') {
                    out.append(c);
                } else if (at < text.length()) {
                    char e = text.charAt(at++);
                    switch (e) {
                        case '"', '\\', '/' -> out.append(e);
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> out.append(unicode());
                        default -> throw fail("unknown escape \\" + e);
                    }
                }
            }
            throw fail("string not closed");
        }

        private char unicode() {
            if (at + 4 > text.length()) {
                throw fail("short \\u escape");
            }
            try {
                char c = (char) Integer.parseInt(text.substring(at, at + 4), 16);
                at += 4;
                return c;
            } catch (NumberFormatException e) {
                throw fail("bad \\u escape");
            }
        }

        void end() {
            blanks();
            if (at != text.length()) {
                throw fail("unexpected text after the object");
            }
        }

        private void blanks() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException fail(String why) {
            return new IllegalArgumentException("Not a flat JSON object (" + why + " at " + at + "): " + text);
        }
    }
}
