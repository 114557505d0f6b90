package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class VersionTest {

    @Test
    public void missingPartsAreZero() {
        assertEquals(new Version(1, 0, 0, ""), Version.parse("1"));
        assertEquals(new Version(1, 2, 0, ""), Version.parse("1.2"));
        assertEquals(new Version(1, 2, 3, "SNAPSHOT"), Version.parse(" 1.2.3.SNAPSHOT "));
    }

    @Test
    public void versionsWrittenDifferentlyButEqualAreEqual() {
        assertEquals(Version.parse("1.0.0"), Version.parse("1"));
        assertEquals(0, Version.parse("1.0").compareTo(Version.parse("1.0.0")));
    }

    @Test
    public void partsCompareAsNumbersNotAsText() {
        assertTrue(Version.parse("1.10.0").compareTo(Version.parse("1.9.0")) > 0);
        assertTrue(Version.parse("2").compareTo(Version.parse("1.99.99")) > 0);
        assertTrue(Version.parse("1.0.2").compareTo(Version.parse("1.0.10")) < 0);
    }

    @Test
    public void qualifierComparesAsTextAfterTheNumbers() {
        assertTrue(Version.parse("1.0.0").compareTo(Version.parse("1.0.0.a")) < 0);
        assertTrue(Version.parse("1.0.0.RELEASE").compareTo(Version.parse("1.0.0.SNAPSHOT")) < 0);
        assertTrue(Version.parse("1.0.0.z").compareTo(Version.parse("1.0.1")) < 0);
    }

    @Test
    public void toStringWritesThreePartsAndTheQualifier() {
        assertEquals("1.2.0", Version.parse("1.2").toString());
        assertEquals("1.2.3.v20240101-1200", Version.parse("1.2.3.v20240101-1200").toString());
    }

    @Test
    public void invalidVersionsAreRejectedQuotingTheInput() {
        for (String bad : new String[] {"", " ", "1.a", "1..2", "-1", "1.0.0.bad!", "1.0.", "1.2.3.q.x", "v1"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class, () -> Version.parse(bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("\"" + bad + "\" is not an OSGi version"));
        }
    }
}
