package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

public class JsonTest {

    @Test
    public void quotesBackslashesControlCharactersAndUnicodeRoundTrip() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("plain", "greeter 1.0.0 -> 1.1.0");
        fields.put("quote\"key", "say \"hi\"");
        fields.put("backslash", "C:\\karaf\\data");
        fields.put("control", "line1\nline2\r\ttab\u0001\u001f\b\f");
        fields.put("unicode", "caf\u00e9 \u2603 \ud83d\ude80 \u2028");
        fields.put("none", null);
        String line = Json.write(fields);
        assertFalse("one line", line.contains("\n") || line.contains("\r") || line.contains("\u2028"));
        assertEquals(fields, Json.read(line));
    }

    @Test
    public void writesTheFieldsInOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("b", "1");
        fields.put("a", null);
        assertEquals("{\"b\":\"1\",\"a\":null}", Json.write(fields));
        assertEquals(Map.of(), Json.read(" { } "));
        assertEquals(Map.of("x", "\u00e9/"), Json.read("{ \"x\" : \"\\u00E9\\/\" }"));
    }

    @Test
    public void aLineCutShortOrNotFlatIsRejected() {
        String[] bad = {"", "{\"id\":\"abc", "{\"id\":\"abc\"", "{\"id\":1}", "{\"id\":\"a\"} x", "[\"a\"]",
            "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":{}}"};
        for (String line : bad) {
            assertThrows(line, IllegalArgumentException.class, () -> Json.read(line));
        }
    }
}
