package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

/** The journal's lists of features to request: a features XML's names are anyone's input. */
public class FeatureRequestsTest {

    @Test
    public void namesWithSpacesNewLinesAndPercentSignsComeBackAsTheyWere() {
        List<String> hostile = List.of("camel core/3.20.0", "line\nbreak/1.0.0", "100%/2.0.0", "plain/1.0.0");
        String entry = ChangeTarget.Requests.entry(hostile);
        assertEquals("one line", -1, entry.indexOf('\n'));
        assertEquals(hostile, ChangeTarget.Requests.ids(entry));
    }

    @Test
    public void anAbsentOrEmptyEntryIsNoFeature() {
        assertEquals(List.of(), ChangeTarget.Requests.ids(null));
        assertEquals(List.of(), ChangeTarget.Requests.ids(" "));
        assertEquals("", ChangeTarget.Requests.entry(List.of()));
    }
}
