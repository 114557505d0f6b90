package org.slipway.core.internal.state;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class PlainJsonTest {

    private static final String KINDS =
            " is not plain data (null, String, Boolean, Number, List, Map with String keys)";

    /** A modifiable insertion-ordered map from key, value pairs; Map.of refuses null values. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Object roundTrip(Object data) {
        return PlainJson.read(PlainJson.write(data));
    }

    private static String writeError(Object data) {
        return assertThrows(IllegalArgumentException.class, () -> PlainJson.write(data)).getMessage();
    }

    private static void assertMalformed(String json, int offset, String why) {
        String message = assertThrows(json, IllegalArgumentException.class, () -> PlainJson.read(json)).getMessage();
        assertTrue(json + " -> " + message, message.startsWith("Not valid JSON at offset " + offset + ": "));
        assertTrue(json + " -> " + message, message.contains(why));
    }

    private static Object nestedLists(int levels) {
        Object data = "core";
        for (int i = 0; i < levels; i++) {
            data = List.of(data);
        }
        return data;
    }

    // Round trips

    @Test
    public void nestedDataRoundTrips() {
        Map<String, Object> data = map(
                "name", "greeter",
                "active", true,
                "count", 42L,
                "ratio", 0.25,
                "none", null,
                "tags", Arrays.asList("a", null, false, -7L, 1.5e-300),
                "counts", map("Ada", 3L, "Grace", map("deep", List.of(List.of(), map()))));
        assertEquals(data, roundTrip(data));
        assertNull(roundTrip(null));
        assertEquals("just a string", roundTrip("just a string"));
    }

    @Test
    public void writeIsCompactOnOneLineInIterationOrder() {
        Map<String, Object> data = map("z", 1L, "a", List.of(true, "x"), "m", map("k", null));
        assertEquals("{\"z\":1,\"a\":[true,\"x\"],\"m\":{\"k\":null}}", PlainJson.write(data));
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(PlainJson.readObject(PlainJson.write(data)).keySet()));
    }

    @Test
    public void controlCharactersQuotesBackslashesAndLineSeparatorsAreEscapedOtherUnicodeKept() {
        String text = "say \"hi\" C:\\karaf\nline\r\ttab\b\f\u0001\u001f \u2028\u2029";
        String json = PlainJson.write(map("quote\"key\n", text));
        assertEquals("{\"quote\\\"key\\n\":\"say \\\"hi\\\" C:\\\\karaf\\nline\\r\\ttab\\b\\f\\u0001\\u001f"
                + " \\u2028\\u2029\"}", json);
        assertEquals(map("quote\"key\n", text), PlainJson.read(json));

        String unicode = "caf\u00e9 \u2603 \ud83d\ude80 \u4e2d\u6587";
        assertEquals("\"" + unicode + "\"", PlainJson.write(unicode));
        assertEquals(unicode, roundTrip(unicode));
    }

    @Test
    public void loneSurrogatesAreEscapedSoTheTextSurvivesUtf8() {
        String lone = "a\ud83d b\ude80";
        assertEquals("\"a\\ud83d b\\ude80\"", PlainJson.write(lone));
        assertEquals(lone, roundTrip(lone));
    }

    @Test
    public void emptyContainersAndStringsRoundTrip() {
        Map<String, Object> data = map("", "", "list", List.of(), "map", map(), "both", List.of(map(), List.of()));
        assertEquals("{\"\":\"\",\"list\":[],\"map\":{},\"both\":[{},[]]}", PlainJson.write(data));
        assertEquals(data, roundTrip(data));
        assertEquals(List.of(), PlainJson.read(" [ ] "));
        assertEquals(Map.of(), PlainJson.readObject("{}"));
    }

    @Test
    public void bigAndExtremeNumbersRoundTrip() {
        BigInteger huge = new BigInteger("123456789012345678901234567890");
        List<Object> data = List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, huge, huge.negate(),
                Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 1.0, 1e21, 0.1);
        assertEquals(data, roundTrip(data));
        assertEquals(new BigInteger("9223372036854775808"), PlainJson.read("9223372036854775808"));
        assertEquals(Long.MIN_VALUE, PlainJson.read("-9223372036854775808"));
    }

    @Test
    public void everyNumberKindIsWrittenAndReadBackAsLongOrDouble() {
        List<Object> data = List.of((byte) -1, (short) 300, 70000, 0.1f, new BigDecimal("12.50"),
                new BigDecimal("1E+3"));
        assertEquals("[-1,300,70000,0.1,12.50,1E+3]", PlainJson.write(data));
        assertEquals(List.of(-1L, 300L, 70000L, 0.1, 12.5, 1000.0), roundTrip(data));
    }

    // Reading

    @Test
    public void integralNumbersReadAsLongOthersAsDouble() {
        assertEquals(1L, PlainJson.read("1"));
        assertEquals(0L, PlainJson.read("-0"));
        assertEquals(1.0, PlainJson.read("1.0"));
        assertEquals(100.0, PlainJson.read("1e2"));
        assertEquals(-0.025, PlainJson.read("-2.5E-2"));
        assertEquals(1000.0, PlainJson.read("1E+3"));
        assertEquals(Boolean.TRUE, PlainJson.read("true"));
        assertEquals(Boolean.FALSE, PlainJson.read("false"));
        assertNull(PlainJson.read(" null "));
    }

    @Test
    public void everyStringEscapeIsReadIncludingSurrogatePairs() {
        assertEquals("\" \\ / \b \f \n \r \t \u00e9 \u00c9 \ud83d\ude80",
                PlainJson.read("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u00C9 \\ud83d\\ude80\""));
    }

    @Test
    public void jsonWhitespaceAroundTokensIsAccepted() {
        assertEquals(map("a", List.of(1L, 2L), "b", null),
                PlainJson.readObject(" \t\r\n{ \"a\" : [ 1 ,\n2 ] ,\"b\":null }\r\n"));
    }

    @Test
    public void readResultsAreUnmodifiableAndKeepInsertionOrder() {
        Map<String, Object> object = PlainJson.readObject("{\"b\":[1,null],\"a\":{}}");
        assertEquals(List.of("b", "a"), new ArrayList<>(object.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> object.put("c", 1L));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) object.get("b");
        assertThrows(UnsupportedOperationException.class, () -> list.add(2L));
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) object.get("a");
        assertThrows(UnsupportedOperationException.class, () -> inner.put("c", 1L));
    }

    @Test
    public void readObjectRequiresAnObjectAtTheRoot() {
        assertEquals("Not valid JSON at offset 1: expected a JSON object, found '['",
                assertThrows(IllegalArgumentException.class, () -> PlainJson.readObject(" [1]")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PlainJson.readObject("\"{}\""));
        assertThrows(IllegalArgumentException.class, () -> PlainJson.readObject(""));
    }

    @Test
    public void malformedInputIsRefusedNamingTheOffset() {
        assertMalformed("", 0, "expected a value, found the end of the text");
        assertMalformed("   ", 3, "expected a value");
        assertMalformed("{} x", 3, "expected the end of the text, found 'x'");
        assertMalformed("[1] [2]", 4, "expected the end of the text");
        assertMalformed("\"abc", 4, "string not closed");
        assertMalformed("{\"id\":\"abc", 10, "string not closed");
        assertMalformed("\"abc\\", 5, "string not closed");
        assertMalformed("{\"a\" 1}", 5, "expected ':', found '1'");
        assertMalformed("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'");
        assertMalformed("{a:1}", 1, "expected a string key, found 'a'");
        assertMalformed("{\"a\":1,}", 7, "expected a string key, found '}'");
        assertMalformed("[1,]", 3, "expected a value, found ']'");
        assertMalformed("[1 2]", 3, "expected ',' or ']'");
        assertMalformed("[1", 2, "expected ',' or ']', found the end of the text");
        assertMalformed("tru", 0, "expected a value");
        assertMalformed("nul", 0, "expected a value");
        assertMalformed("truex", 4, "expected the end of the text");
        assertMalformed("'a'", 0, "expected a value, found '''");
        assertMalformed("\"a\\qb\"", 3, "expected an escape");
        assertMalformed("\"\\u12g4\"", 5, "expected a hex digit of a \\u escape, found 'g'");
        assertMalformed("\"\\u-001\"", 3, "expected a hex digit");
        assertMalformed("\"\\u12\"", 5, "expected a hex digit");
        assertMalformed("\"a\u0001b\"", 2, "control character U+0001 must be escaped");
        assertMalformed("\"a\nb\"", 2, "control character U+000A");
        assertMalformed("{\"a\":1,\"a\":2}", 7, "duplicate key \"a\"");
    }

    @Test
    public void numbersMustBeSpelledAsJsonSpellsThem() {
        assertMalformed("01", 1, "expected the end of the text, found '1'");
        assertMalformed("-", 1, "expected a digit, found the end of the text");
        assertMalformed("- 1", 1, "expected a digit");
        assertMalformed("+1", 0, "expected a value");
        assertMalformed("1.", 2, "expected a digit");
        assertMalformed(".5", 0, "expected a value");
        assertMalformed("1e", 2, "expected a digit");
        assertMalformed("1e+", 3, "expected a digit");
        assertMalformed("NaN", 0, "expected a value");
        assertMalformed("[1, Infinity]", 4, "expected a value, found 'I'");
        assertMalformed("[0, 1e999]", 4, "number 1e999 is too large for a double");
    }

    @Test
    public void onlyJsonWhitespaceIsBlank() {
        assertMalformed("\u00a0{}", 0, "expected a value, found U+00A0");
    }

    // Refusing what is not plain data

    @Test
    public void aValueOfAnotherClassIsRefusedNamingItsPathAndClass() {
        Map<String, Object> data = map("counts", map("Grace", 1L, "Ada", new Date(0)));
        assertEquals("state.counts.Ada: java.util.Date" + KINDS, writeError(data));
        assertEquals("state: java.util.Date" + KINDS, writeError(new Date(0)));
    }

    @Test
    public void pathsShowListIndexesAndQuoteUnusualKeys() {
        assertEquals("state.items[1].when: java.lang.Object" + KINDS,
                writeError(map("items", List.of(map(), map("when", new Object())))));
        assertEquals("state[\"a.b\"][\"with \\\"space\\\"\"][0]: java.lang.Character" + KINDS,
                writeError(map("a.b", map("with \"space\"", List.of('c')))));
        assertEquals("state.last-seen.42: java.lang.Thread$State" + KINDS,
                writeError(map("last-seen", map("42", Thread.State.NEW))));
    }

    @Test
    public void theRootIsNamedByTheCaller() {
        assertEquals("greeter.sessions[0]: java.lang.StringBuilder" + KINDS, assertThrows(
                IllegalArgumentException.class,
                () -> PlainJson.write(map("sessions", List.of(new StringBuilder())), "greeter")).getMessage());
        assertEquals("[1]", PlainJson.write(List.of(1L), "greeter"));
    }

    @Test
    public void arraysSetsAndOtherNumbersAreRefused() {
        assertEquals("state.names: java.lang.String[]" + KINDS, writeError(map("names", new String[] {"a"})));
        assertEquals("state.ids: int[]" + KINDS, writeError(map("ids", new int[] {1})));
        assertEquals("state.tags: java.util.HashSet" + KINDS, writeError(map("tags", new java.util.HashSet<>())));
        assertEquals("state.n: java.util.concurrent.atomic.AtomicLong" + KINDS,
                writeError(map("n", new AtomicLong(1))));
    }

    @Test
    public void nonFiniteNumbersAreRefused() {
        assertEquals("state.ratio: java.lang.Double NaN is not a finite number (JSON has no NaN or Infinity)",
                writeError(map("ratio", Double.NaN)));
        assertEquals("state[0]: java.lang.Double Infinity is not a finite number (JSON has no NaN or Infinity)",
                writeError(List.of(Double.POSITIVE_INFINITY)));
        assertTrue(writeError(List.of(Float.NEGATIVE_INFINITY)).startsWith("state[0]: java.lang.Float -Infinity"));
    }

    @Test
    public void aMapKeyThatIsNotAStringIsRefusedNamingThePathAndTheKeysClass() {
        Map<Object, Object> counts = new LinkedHashMap<>();
        counts.put("Ada", 1L);
        counts.put(42, 2L);
        assertEquals("state.counts: a map key of class java.lang.Integer is not a String;"
                + " plain data maps have String keys", writeError(map("counts", counts)));

        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1L);
        assertEquals("state[0]: a map key of class null is not a String; plain data maps have String keys",
                writeError(List.of(nullKey)));
    }

    // Depth

    @Test
    public void sixtyFourLevelsAreWrittenAndReadButNotSixtyFive() {
        Object deepest = nestedLists(PlainJson.MAX_DEPTH);
        assertEquals(deepest, roundTrip(deepest));

        String tooDeep = writeError(nestedLists(PlainJson.MAX_DEPTH + 1));
        assertEquals("state" + "[0]".repeat(64) + ": lists and maps nest deeper than 64 levels (is there a cycle?)",
                tooDeep);

        String json = "[".repeat(65) + "]".repeat(65);
        assertMalformed(json, 64, "arrays and objects nest deeper than 64 levels");
        assertMalformed("{\"a\":".repeat(65) + "1" + "}".repeat(65), 64 * 5, "nest deeper than 64 levels");
        assertEquals(1L, unwrap(PlainJson.read("{\"a\":".repeat(64) + "1" + "}".repeat(64)), 64));
    }

    private static Object unwrap(Object maps, int levels) {
        Object value = maps;
        for (int i = 0; i < levels; i++) {
            value = ((Map<?, ?>) value).get("a");
        }
        return value;
    }

    @Test
    public void aCycleIsRefusedByTheDepthLimit() {
        List<Object> loop = new ArrayList<>();
        Map<String, Object> data = map("loop", loop);
        loop.add(data);
        String message = writeError(data);
        assertTrue(message, message.startsWith("state.loop[0].loop[0]"));
        assertTrue(message, message.endsWith(": lists and maps nest deeper than 64 levels (is there a cycle?)"));
        assertFalse(message, message.contains("StackOverflow"));
    }
}
