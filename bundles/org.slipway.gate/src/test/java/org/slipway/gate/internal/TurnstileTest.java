package org.slipway.gate.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.slipway.gate.Gate;

public class TurnstileTest {

    private final Turnstile turnstile = new Turnstile(Duration.ofSeconds(5));

    @Test
    public void anOpenGateLetsCallsInAtOnce() throws Exception {
        assertTrue(turnstile.enter());
        turnstile.exit();
    }

    @Test
    public void aClosedGateHoldsNewCallsUntilItOpens() throws Exception {
        Gate.Hold hold = turnstile.close(Duration.ZERO, report -> { });
        CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(this::enter);
        Thread.sleep(200);
        assertFalse("held while closed", held.isDone());

        hold.close();

        assertTrue(held.get(5, TimeUnit.SECONDS));
    }

    @Test
    public void closingWaitsForRunningCallsToEnd() throws Exception {
        assertTrue(turnstile.enter());
        CountDownLatch closed = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> {
            try (Gate.Hold hold = turnstile.close(Duration.ofSeconds(5), report -> { })) {
                assertEquals(0, hold.stillRunning());
                closed.countDown();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertFalse("waits for the running call", closed.await(200, TimeUnit.MILLISECONDS));

        turnstile.exit();

        assertTrue(closed.await(5, TimeUnit.SECONDS));
    }

    @Test
    public void closingGoesOnAfterTheQuietWaitAndSaysHowManyStillRun() throws Exception {
        assertTrue(turnstile.enter());
        try (Gate.Hold hold = turnstile.close(Duration.ofMillis(50), report -> { })) {
            assertEquals(1, hold.stillRunning());
        }
    }

    @Test
    public void aCallHeldLongerThanTheHoldTimeoutIsNotLetIn() throws Exception {
        turnstile.holdTimeout(Duration.ofMillis(100));
        try (Gate.Hold hold = turnstile.close(Duration.ZERO, report -> { })) {
            assertFalse(turnstile.enter());
        }
        assertTrue(turnstile.enter());
    }

    @Test
    public void overlappingHoldsOpenTheGateWhenTheLastEnds() throws Exception {
        Gate.Hold first = turnstile.close(Duration.ZERO, report -> { });
        Gate.Hold second = turnstile.close(Duration.ZERO, report -> { });
        first.close();
        first.close(); // once only
        CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(this::enter);
        Thread.sleep(100);
        assertFalse(held.isDone());

        second.close();

        assertTrue(held.get(5, TimeUnit.SECONDS));
    }

    private boolean enter() {
        try {
            return turnstile.enter();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
