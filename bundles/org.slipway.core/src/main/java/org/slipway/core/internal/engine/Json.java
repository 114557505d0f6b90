package org.slipway.core.internal.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slipway.core.internal.state.PlainJson;

/**
 * The journal's JSON: flat objects whose values are strings or {@code null}, one per line, written and read
 * by {@link PlainJson}. Stateless.
 */
final class Json {

    private Json() {
    }

    /** @return {@code fields} as one JSON object on one line, in iteration order */
    static String write(Map<String, String> fields) {
        return PlainJson.write(fields, "record");
    }

    /**
     * @param line one JSON object with string or null values
     * @return its fields in order
     * @throws IllegalArgumentException when {@code line} is not such an object, e.g. cut short by a crash
     */
    static Map<String, String> read(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        PlainJson.readObject(line).forEach((key, value) -> {
            if (value != null && !(value instanceof String)) {
                throw new IllegalArgumentException("Field \"" + key + "\" is not a string: " + value);
            }
            fields.put(key, (String) value);
        });
        return fields;
    }
}
