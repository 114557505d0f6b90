package org.slipway.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * Issue 23: connections that send a byte and wait, and viewers reading in parallel, do not lock an operator out
 * of the management endpoint: bin/slipway's releases and upgrade answer through the endpoint within a bound, and
 * the idle connections are answered 408 and closed after the 5 s head timeout.
 */
public class EndpointStarvationIT {

    private static final int IDLE = 12;
    private static final int VIEWERS = 16;

    private static SlipwayProcess slipway;
    private static String viewer;

    @BeforeClass
    public static void start() throws Exception {
        slipway = SlipwayProcess.started("endpoint-starvation", "feature:install greeter/1.0.0");
        SlipwayProcess.waitForGreeter("1.0.0");
        viewer = Files.readString(slipway.home().resolve("data/slipway/management/viewer.token")).trim();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (slipway != null) {
            slipway.destroy();
        }
    }

    @Test
    public void idleConnectionsAndBusyViewersLeaveTheAdminAnAnswerAndAreClosedAfterTheHeadTimeout() throws Exception {
        List<Socket> idle = new ArrayList<>();
        ExecutorService viewers = Executors.newFixedThreadPool(VIEWERS);
        AtomicBoolean reading = new AtomicBoolean(true);
        try {
            long opened = System.nanoTime();
            for (int i = 0; i < IDLE; i++) {
                Socket socket = new Socket();
                idle.add(socket);
                socket.connect(new InetSocketAddress("127.0.0.1", 8102), 2000);
                socket.setSoTimeout(15_000);
                socket.getOutputStream().write('G');
                socket.getOutputStream().flush();
            }
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int i = 0; i < VIEWERS; i++) {
                answers.add(viewers.submit(() -> {
                    List<String> statuses = new ArrayList<>();
                    while (reading.get()) {
                        statuses.add(changelog());
                    }
                    return statuses;
                }));
            }

            long began = System.nanoTime();
            Run releases = slipway.slipway("releases").expect(0);
            long releasesMs = millisSince(began);
            assertTrue(releases.toString(), releases.out().contains("greeter"));
            assertFalse("answered by the endpoint: " + releases, releases.err().contains("going through SSH"));
            assertTrue("releases took " + releasesMs + " ms", releasesMs < 5000);

            began = System.nanoTime();
            Run upgrade = slipway.slipway("upgrade", "greeter", "1.1.0", "--timeout", "30").expect(0);
            long upgradeMs = millisSince(began);
            assertFalse("answered by the endpoint: " + upgrade, upgrade.err().contains("going through SSH"));
            assertTrue("upgrade took " + upgradeMs + " ms", upgradeMs < 30_000);
            SlipwayProcess.waitForGreeter("1.1.0");

            for (Socket socket : idle) {
                String answer = readAll(socket);
                assertTrue("an idle connection is answered 408: " + answer, answer.startsWith("HTTP/1.1 408 "));
            }
            long closedMs = millisSince(opened);
            assertTrue("idle connections closed after " + closedMs + " ms", closedMs < 5000 + 5000);

            reading.set(false);
            int served = 0;
            int busy = 0;
            for (Future<List<String>> answer : answers) {
                for (String status : answer.get(60, TimeUnit.SECONDS)) {
                    assertTrue("a viewer is answered 200 or 503, was " + status, status.equals("200")
                            || status.equals("503"));
                    served += status.equals("200") ? 1 : 0;
                    busy += status.equals("503") ? 1 : 0;
                }
            }
            assertTrue("viewers were served too", served > 0);
            System.out.printf("EndpointStarvationIT: releases %d ms, upgrade %d ms, %d idle closed after %d ms; "
                    + "viewers %d answered 200, %d answered 503%n", releasesMs, upgradeMs, IDLE, closedMs, served, busy);
        } finally {
            reading.set(false);
            viewers.shutdownNow();
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    /** @return the status of one viewer's GET /changelog; a 503 must say when to come back */
    private static String changelog() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 8102), 2000);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("GET /changelog?feature=greeter&from=1.0.0&to=1.2.0 HTTP/1.0\r\n"
                    + "Authorization: Bearer " + viewer + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = readAll(socket);
            String status = answer.length() >= 12 ? answer.substring(9, 12) : answer;
            if (status.equals("503") && !answer.contains("Retry-After: ")) {
                throw new AssertionError("503 without Retry-After: " + answer);
            }
            return status;
        }
    }

    private static String readAll(Socket socket) throws IOException {
        try (InputStream in = socket.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static long millisSince(long began) {
        return (System.nanoTime() - began) / 1_000_000;
    }
}
