package org.slipway.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.slipway.shell.internal.Tokens.Role;

public class SharesTest {

    @Test
    public void viewersThatTakeTheirWholeShareLeaveTheAdminsShareFree() {
        Shares shares = new Shares(2, 3);
        List<Shares.Place> viewers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            viewers.add(shares.take(Role.VIEWER).orElseThrow());
        }
        assertTrue("the fourth viewer waits for a place", shares.take(Role.VIEWER).isEmpty());
        assertEquals(2, shares.free(Role.ADMIN));
        assertTrue(shares.take(Role.ADMIN).isPresent());
    }

    @Test
    public void aPlaceGivenBackTwiceCountsOnce() {
        Shares shares = new Shares(1, 1);
        Shares.Place place = shares.take(Role.ADMIN).orElseThrow();
        place.close();
        place.close();
        assertEquals(1, shares.free(Role.ADMIN));
    }

    @Test
    public void aShareOfNothingIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Shares(0, 4));
        assertTrue(e.getMessage(), e.getMessage().contains("admin 0"));
    }
}
