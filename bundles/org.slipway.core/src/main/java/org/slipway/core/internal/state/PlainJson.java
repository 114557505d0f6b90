package org.slipway.core.internal.state;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes and reads <em>plain data</em> as JSON, without a library: the in-memory state an application hands
 * over, built only from {@code null}, {@link String}, {@link Boolean}, {@link Number} ({@code Byte},
 * {@code Short}, {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code BigInteger},
 * {@code BigDecimal}; finite only), {@link List} and {@link Map} with {@code String} keys, nested at most
 * {@value #MAX_DEPTH} containers deep.
 * <p>
 * Reading gives back the same kinds: unmodifiable insertion-ordered maps and unmodifiable lists, integral
 * numbers as {@code Long} (or {@code BigInteger} when they do not fit), other numbers as {@code Double}. So
 * {@code read(write(x)).equals(x)} for data built from {@code String}, {@code Boolean}, {@code Long},
 * {@code Double}, {@code List} and {@code Map}.
 * <p>
 * Stateless and thread-safe. Arguments must not be {@code null} except the data written.
 */
public final class PlainJson {

    /** The deepest nesting of lists and maps written or read; deeper data is refused (a cycle, say). */
    public static final int MAX_DEPTH = 64;

    private static final String ROOT = "state";
    private static final String KINDS = "(null, String, Boolean, Number, List, Map with String keys)";
    private static final Set<Class<?>> EXACT_NUMBERS = Set.of(Byte.class, Short.class, Integer.class, Long.class,
            BigInteger.class, BigDecimal.class);
    /** Keys shown as {@code .key} in a path; any other key is shown quoted, as {@code ["a.b"]}. */
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_$-]+");

    private PlainJson() {
    }

    /**
     * @param data plain data, may be {@code null}
     * @return {@code data} as compact JSON on one line, maps in iteration order
     * @throws IllegalArgumentException when {@code data} holds anything but plain data, or nests deeper than
     *         {@value #MAX_DEPTH}; the message names the path of the offending value from the root
     *         {@code state}, e.g. {@code state.counts.Ada}, and its class
     */
    public static String write(Object data) {
        return write(data, ROOT);
    }

    /**
     * As {@link #write(Object)}, naming the root {@code root} in error messages.
     *
     * @param data plain data, may be {@code null}
     * @param root how error messages name the root value, e.g. {@code state} or a bundle's name
     * @return {@code data} as compact JSON on one line
     * @throws IllegalArgumentException when {@code data} is not plain data
     */
    public static String write(Object data, String root) {
        return write(data, root, Integer.MAX_VALUE);
    }

    /**
     * As {@link #write(Object, String)}, giving up as soon as the text would pass {@code maxChars}, so that
     * a state too large costs no more than the limit.
     *
     * @throws IllegalArgumentException also when the text would be longer than {@code maxChars}
     */
    public static String write(Object data, String root, int maxChars) {
        Writer writer = new Writer(Objects.requireNonNull(root, "root"), maxChars);
        writer.value(data);
        return writer.out.toString();
    }

    /**
     * @param json one JSON value, surrounded by JSON whitespace at most
     * @return the value: {@code null}, {@code String}, {@code Boolean}, {@code Long}, {@code BigInteger},
     *         {@code Double}, an unmodifiable {@code List} or an unmodifiable insertion-ordered
     *         {@code Map<String, Object>}
     * @throws IllegalArgumentException naming the character offset when {@code json} is not valid JSON, has
     *         a duplicate key, a number too large for a double, or nests deeper than {@value #MAX_DEPTH}
     */
    public static Object read(String json) {
        return new Reader(Objects.requireNonNull(json, "json")).document(false);
    }

    /**
     * As {@link #read(String)}, requiring a JSON object at the root.
     *
     * @param json one JSON object
     * @return its fields, unmodifiable, in order
     * @throws IllegalArgumentException naming the character offset when {@code json} is not a JSON object
     */
    @SuppressWarnings("unchecked") // document(true) returns only what object() made
    public static Map<String, Object> readObject(String json) {
        return (Map<String, Object>) new Reader(Objects.requireNonNull(json, "json")).document(true);
    }

    /** @return {@code value} as a JSON string */
    private static String quoted(String value) {
        StringBuilder out = new StringBuilder();
        string(out, value);
        return out.toString();
    }

    /** Appends {@code value} as a JSON string: one line, other unicode kept as is. */
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
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || loneSurrogate(value, i)) {
                        // A lone surrogate is escaped too: written raw it would not survive UTF-8.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean loneSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
    }

    /** One write: the output and the path from the root to the value being written. */
    private static final class Writer {
        private final StringBuilder out = new StringBuilder();
        private final List<String> path = new ArrayList<>();
        private final String root;
        private final int maxChars;

        Writer(String root, int maxChars) {
            this.root = root;
            this.maxChars = maxChars;
        }

        void value(Object value) {
            if (out.length() > maxChars - (value instanceof String text ? text.length() : 0)) {
                throw refuse("the text passes the limit of " + maxChars + " characters");
            }
            if (value == null) {
                out.append("null");
            } else if (value instanceof String text) {
                string(out, text);
            } else if (value instanceof Boolean flag) {
                out.append(flag.booleanValue());
            } else if (value instanceof Number number) {
                number(number);
            } else if (value instanceof List<?> list) {
                list(list);
            } else if (value instanceof Map<?, ?> map) {
                map(map);
            } else {
                throw notPlain(value);
            }
        }

        private void number(Number number) {
            if (number instanceof Double || number instanceof Float) {
                if (!Double.isFinite(number.doubleValue())) {
                    throw refuse(number.getClass().getName() + " " + number
                            + " is not a finite number (JSON has no NaN or Infinity)");
                }
                out.append(number); // Float.toString keeps a float's shortest form: 0.1f is written 0.1
            } else if (EXACT_NUMBERS.contains(number.getClass())) {
                // Exact classes only: a subclass of BigInteger or BigDecimal could print anything.
                out.append(number);
            } else {
                throw notPlain(number);
            }
        }

        private void list(List<?> list) {
            enter();
            out.append('[');
            int index = 0;
            for (Object element : list) {
                if (index > 0) {
                    out.append(',');
                }
                path.add("[" + index++ + "]");
                value(element);
                path.remove(path.size() - 1);
            }
            out.append(']');
        }

        private void map(Map<?, ?> map) {
            enter();
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw refuse("a map key of class " + className(entry.getKey())
                            + " is not a String; plain data maps have String keys");
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, key);
                out.append(':');
                path.add(segment(key));
                value(entry.getValue());
                path.remove(path.size() - 1);
            }
            out.append('}');
        }

        /** Checks that one more container fits: the one at {@code path} would be at depth size + 1. */
        private void enter() {
            if (path.size() >= MAX_DEPTH) {
                throw refuse("lists and maps nest deeper than " + MAX_DEPTH + " levels (is there a cycle?)");
            }
        }

        private static String segment(String key) {
            if (SIMPLE_KEY.matcher(key).matches()) {
                return "." + key;
            }
            return "[" + quoted(key) + "]";
        }

        private static String className(Object value) {
            return value == null ? "null" : value.getClass().getTypeName(); // String[] rather than [Ljava...
        }

        private IllegalArgumentException notPlain(Object value) {
            return refuse(className(value) + " is not plain data " + KINDS);
        }

        private IllegalArgumentException refuse(String why) {
            return new IllegalArgumentException(root + String.join("", path) + ": " + why);
        }
    }

    /** A cursor over one JSON text. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Object document(boolean objectOnly) {
            blanks();
            if (objectOnly && !peek('{')) {
                throw expected("a JSON object");
            }
            Object value = value(0);
            blanks();
            if (at != text.length()) {
                throw expected("the end of the text");
            }
            return value;
        }

        /** @param depth how many lists and maps enclose the value */
        private Object value(int depth) {
            blanks();
            if (at >= text.length()) {
                throw expected("a value");
            }
            return switch (text.charAt(at)) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> word("true", Boolean.TRUE);
                case 'f' -> word("false", Boolean.FALSE);
                case 'n' -> word("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object(int depth) {
            enter(depth);
            Map<String, Object> fields = new LinkedHashMap<>();
            if (!skipIf('}')) {
                do {
                    blanks();
                    int keyAt = at;
                    if (!peek('"')) {
                        throw expected("a string key");
                    }
                    String key = string();
                    if (fields.containsKey(key)) {
                        at = keyAt;
                        throw fail("duplicate key " + quoted(key));
                    }
                    if (!skipIf(':')) {
                        throw expected("':'");
                    }
                    fields.put(key, value(depth));
                } while (skipIf(','));
                if (!skipIf('}')) {
                    throw expected("',' or '}'");
                }
            }
            return Collections.unmodifiableMap(fields);
        }

        private List<Object> array(int depth) {
            enter(depth);
            List<Object> elements = new ArrayList<>();
            if (!skipIf(']')) {
                do {
                    elements.add(value(depth));
                } while (skipIf(','));
                if (!skipIf(']')) {
                    throw expected("',' or ']'");
                }
            }
            return Collections.unmodifiableList(elements); // not List.copyOf: elements may be null
        }

        /** Steps over the opening bracket of a container at {@code depth}, if that is not too deep. */
        private void enter(int depth) {
            if (depth > MAX_DEPTH) {
                throw fail("arrays and objects nest deeper than " + MAX_DEPTH + " levels");
            }
            at++;
        }

        private String string() {
            at++; // the opening quote
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '"') {
                    at++;
                    return out.toString();
                } else if (c < 0x20) {
                    throw fail(String.format("control character U+%04X must be escaped in a string", (int) c));
                } else if (c != '\\') {
                    out.append(c);
                    at++;
                } else {
                    at++;
                    out.append(escape());
                }
            }
            throw fail("string not closed");
        }

        /** @return the character escaped by the text at the cursor, just after a backslash */
        private char escape() {
            if (at >= text.length()) {
                throw fail("string not closed");
            }
            char e = text.charAt(at);
            char c = switch (e) {
                case '"', '\\', '/' -> e;
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'u' -> unicode();
                default -> throw expected("an escape (one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            };
            at++;
            return c;
        }

        /** A {@code \}{@code uXXXX} escape; the two halves of a surrogate pair arrive as two escapes. */
        private char unicode() {
            int code = 0;
            for (int i = 1; i <= 4; i++) {
                int digit = at + i < text.length() ? hex(text.charAt(at + i)) : -1;
                if (digit < 0) {
                    at += i;
                    throw expected("a hex digit of a \\u escape");
                }
                code = code * 16 + digit;
            }
            at += 4; // escape() steps over the last digit
            return (char) code;
        }

        /** Not {@link Character#digit}: that one takes non-ASCII digits too. */
        private static int hex(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            } else if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
            return -1;
        }

        private Object word(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw expected("a value");
            }
            at += word.length();
            return value;
        }

        /** A number as JSON spells it: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
        private Object number() {
            int start = at;
            if (peek('-')) {
                at++;
            }
            if (!peekDigit()) {
                throw expected(at == start ? "a value" : "a digit");
            }
            if (text.charAt(at) == '0') {
                at++;
            } else {
                digits();
            }
            boolean integral = true;
            if (peek('.')) {
                at++;
                requireDigits();
                integral = false;
            }
            if (peek('e') || peek('E')) {
                at++;
                if (peek('+') || peek('-')) {
                    at++;
                }
                requireDigits();
                integral = false;
            }
            String literal = text.substring(start, at);
            if (integral) {
                try {
                    return Long.parseLong(literal);
                } catch (NumberFormatException tooLong) {
                    return new BigInteger(literal);
                }
            }
            double value = Double.parseDouble(literal);
            if (Double.isInfinite(value)) {
                at = start;
                throw fail("number " + literal + " is too large for a double");
            }
            return value;
        }

        private void requireDigits() {
            if (!peekDigit()) {
                throw expected("a digit");
            }
            digits();
        }

        private void digits() {
            while (peekDigit()) {
                at++;
            }
        }

        private boolean peekDigit() {
            return at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9';
        }

        private boolean peek(char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        /** Skips blanks, then {@code c} if it comes next; not for use inside a number or string. */
        private boolean skipIf(char c) {
            blanks();
            if (peek(c)) {
                at++;
                return true;
            }
            return false;
        }

        /** JSON whitespace only: space, tab, line feed and carriage return. */
        private void blanks() {
            while (at < text.length() && " \t\n\r".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private IllegalArgumentException expected(String what) {
            return fail("expected " + what + ", found " + found());
        }

        private String found() {
            if (at >= text.length()) {
                return "the end of the text";
            }
            char c = text.charAt(at);
            return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
        }

        private IllegalArgumentException fail(String why) {
            return new IllegalArgumentException("Not valid JSON at offset " + at + ": " + why);
        }
    }
}
