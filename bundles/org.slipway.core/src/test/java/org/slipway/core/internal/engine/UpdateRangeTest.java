package org.slipway.core.internal.engine;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class UpdateRangeTest {

    private static boolean inPlace(String range, String installed, String replacement) {
        return new UpdateRange(range).inPlace(Version.parse(installed), Version.parse(replacement));
    }

    @Test
    public void karafsDefaultUpdatesInPlaceWithinTheSameMinorOnly() {
        assertTrue(inPlace("${range;[==,=+)}", "1.1.0", "1.1.7"));
        assertTrue(inPlace("${range;[==,=+)}", "1.1.7", "1.1.0"));
        assertFalse(inPlace("${range;[==,=+)}", "1.0.0", "1.1.0"));
        assertFalse(inPlace("${range;[==,=+)}", "1.1.0", "2.1.0"));
    }

    @Test
    public void sameMajorRangeIsExpandedOnTheNewVersion() {
        assertTrue(inPlace("${range;[=,+)}", "1.0.0", "1.1.0"));
        assertTrue(inPlace("${range;[=,+)}", "1.2.0", "1.1.0"));
        assertFalse(inPlace("${range;[=,+)}", "1.1.0", "2.0.0"));
        assertFalse(inPlace("${range;[=,+)}", "2.0.0", "1.1.0"));
    }

    @Test
    public void aLiteralRangeIsNotExpandedSoOnlyNewerInstalledVersionsQualifyAsKarafDoes() {
        assertFalse(inPlace("[==,+)", "1.0.0", "1.1.0"));
        assertTrue(inPlace("[==,+)", "1.2.0", "1.1.0"));
    }
}
