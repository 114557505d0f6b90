package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class VersionRangeTest {

    private static boolean includes(String range, String version) {
        return VersionRange.parse(range).includes(Version.parse(version));
    }

    @Test
    public void halfOpenRangeIncludesItsFloorButNotItsCeiling() {
        assertTrue(includes("[1.1,2)", "1.1.0"));
        assertTrue(includes("[1.1,2)", "1.99.99.z"));
        assertFalse(includes("[1.1,2)", "2.0.0"));
        assertFalse(includes("[1.1,2)", "1.0.9"));
    }

    @Test
    public void openFloorAndClosedCeilingAreHonoured() {
        assertFalse(includes("(1,2]", "1.0.0"));
        assertTrue(includes("(1,2]", "1.0.0.a"));
        assertTrue(includes("(1,2]", "2.0.0"));
        assertFalse(includes("(1,2]", "2.0.0.a"));
    }

    @Test
    public void bareVersionMeansThatVersionOrLater() {
        VersionRange range = VersionRange.parse("1.0");
        assertTrue(range.includes(Version.parse("1.0.0")));
        assertTrue(range.includes(Version.parse("99.0.0")));
        assertFalse(range.includes(Version.parse("0.9.9")));
        assertEquals(null, range.ceiling());
    }

    @Test
    public void exactRangeIncludesOnlyThatVersion() {
        assertTrue(includes("[1.1.0,1.1.0]", "1.1"));
        assertFalse(includes("[1.1.0,1.1.0]", "1.1.0.a"));
    }

    @Test
    public void rangeWithCeilingBelowFloorIncludesNothing() {
        assertFalse(includes("[2,1]", "1.5.0"));
    }

    @Test
    public void toStringKeepsTheDeclaredText() {
        assertEquals("[1.1,2)", VersionRange.parse("[1.1,2)").toString());
        assertEquals("(1,2]", VersionRange.parse(" (1,2] ").toString());
        assertEquals("1.0", VersionRange.parse("1.0").toString());
    }

    @Test
    public void anyIncludesEveryVersion() {
        assertTrue(VersionRange.ANY.includes(Version.ZERO));
        assertTrue(VersionRange.ANY.includes(Version.parse("999")));
        assertEquals("[0.0.0,\u221E)", VersionRange.ANY.toString());
    }

    @Test
    public void malformedRangesAreRejectedQuotingTheInput() {
        for (String bad : new String[] {"", "[1.0", "[1,2,3)", "[1;2)", "[a,2)", "[1,2}", "(,)"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> VersionRange.parse(bad));
            assertTrue(e.getMessage(), e.getMessage().contains("\"" + bad + "\""));
        }
    }
}
