package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * The JVM dies in the middle of an upgrade, after the old release gave its state and the new release's bundles
 * were swapped in, before the state was handed over (step {@code APPLIED}). The next start goes back to the
 * committed release and hands it the state journaled before the change, before any request reaches it: the
 * first answer after the restart continues the counts.
 */
public class LiveStateRecoveryIT {

    private static final String GREET_ADA = "http://127.0.0.1:8181/greet?name=Ada";
    private static final int GREETINGS = 5;

    private SlipwayProcess slipway;

    @Before
    public void unpack() throws Exception {
        slipway = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")),
                Path.of("target", "livestate-crash"));
    }

    @After
    public void stop() throws Exception {
        slipway.destroy();
    }

    @Test
    public void jvmHaltedBetweenSnapshotAndRestoreComesBackOnTheOldReleaseWithTheJournaledCounts() throws Exception {
        Run start = slipway.slipwayWith(Map.of("EXTRA_JAVA_OPTS", "-Dslipway.test.haltAt=APPLIED"), "start");
        assertEquals(start.toString(), 0, start.exit());
        assertEquals(0, slipway.slipway("client", "feature:install greeter/1.0.0").exit());
        SlipwayProcess.waitForGreeter("1.0.0");
        for (int n = 1; n <= GREETINGS; n++) {
            assertEquals("Hello, Ada! Greeted " + n + (n == 1 ? " time." : " times.") + " [greeter 1.0.0]",
                    SlipwayProcess.httpGet(GREET_ADA));
        }

        Run upgrade = slipway.slipway("client", "feature:upgrade greeter 1.1.0");
        assertEquals("the JVM halts after applying: " + upgrade, 3, upgrade.exit());
        slipway.waitUntilStopped();
        String inFlight = journalInFlight();
        assertTrue("the change in flight reached APPLIED: " + inFlight,
                lastLine(inFlight).contains("\"state\":\"APPLIED\""));
        assertTrue("its journal holds 1.0.0's counts: " + inFlight, inFlight.contains("\\\"Ada\\\":" + GREETINGS));

        Run restart = slipway.slipway("start");
        assertEquals(restart.toString(), 0, restart.exit());
        assertEquals("the first answer after the restart continues the counts",
                "Hello, Ada! Greeted " + (GREETINGS + 1) + " times. [greeter 1.0.0]", firstAnswer(GREET_ADA));

        Run history = slipway.slipway("client", "release:history greeter");
        assertEquals(history.toString(), 0, history.exit());
        assertTrue(history.toString(), history.out().contains("RECOVERY"));
        assertTrue(history.toString(), history.out().contains("JVM stopped during APPLIED"));
        Run installed = slipway.slipway("client", "feature:list -i");
        assertTrue(installed.toString(), installed.out().matches("(?s).*greeter\\s+\\|\\s+1\\.0\\.0\\s+\\|.*"));

        Run again = slipway.slipway("upgrade", "greeter", "1.1.0");
        assertEquals("after recovery the upgrade runs, and takes the counts along: " + again, 0, again.exit());
        String answer = SlipwayProcess.httpGet(GREET_ADA);
        assertTrue(answer, Pattern.matches("Welcome, Ada! Greeted " + (GREETINGS + 2)
                + " times\\. \\d+ greetings in all\\. \\[greeter 1\\.1\\.0\\]", answer));
    }

    /** @return the journal of the change {@code data/slipway/current} names */
    private String journalInFlight() throws IOException {
        Path data = slipway.home().resolve("data/slipway");
        String id = Files.readString(data.resolve("current")).strip();
        return Files.readString(data.resolve("journal").resolve(id + ".jsonl"));
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /**
     * Polls {@code url} until it answers 200, up to 60 s; every other answer (refused connection, 404 before the
     * servlet is back, 503 from the gate) counts nothing.
     *
     * @return the body of the first 200 answer
     */
    private static String firstAnswer(String url) throws InterruptedException {
        List<String> before = new ArrayList<>();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String seen;
            try {
                HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(15_000);
                try {
                    int status = connection.getResponseCode();
                    if (status == 200) {
                        try (InputStream in = connection.getInputStream()) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                        }
                    }
                    seen = "HTTP " + status;
                } finally {
                    connection.disconnect();
                }
            } catch (IOException notYet) {
                seen = notYet.getClass().getSimpleName();
            }
            if (before.isEmpty() || !before.get(before.size() - 1).equals(seen)) {
                before.add(seen);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no 200 answer from " + url + " within 60 s; answers seen: " + before);
    }
}
