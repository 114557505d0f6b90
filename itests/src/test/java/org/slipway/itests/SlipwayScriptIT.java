package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * Drives the unpacked distribution through {@code bin/slipway} as an operator would, checking exit codes
 * and output. Every instance a test starts, it stops.
 */
public class SlipwayScriptIT {

    private SlipwayProcess slipway;

    @Before
    public void unpack() throws Exception {
        slipway = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")),
                Path.of("target", "process"));
    }

    @After
    public void stop() throws Exception {
        slipway.destroy();
    }

    @Test
    public void startStatusClientAndStopWorkAsDocumented() throws Exception {
        Run unknown = slipway.slipway("start", "--env", "qa");
        assertEquals(unknown.toString(), 2, unknown.exit());
        assertTrue(unknown.toString(), unknown.err().contains("unknown environment \"qa\": there is no folder"
                + " etc/env/qa (known: dev, prod, staging); not starting"));
        Run climbing = slipway.slipwayWith(Map.of("SLIPWAY_ENV", "../etc"), "start");
        assertEquals(climbing.toString(), 2, climbing.exit());
        assertEquals("nothing was started", 3, slipway.slipway("status").exit());
        Files.writeString(slipway.home().resolve("etc/org.example.probe.cfg"), "password = $[secret:probe.password]\n"
                + "host = $[env:PROBE_HOST;default=localhost]\n");
        Files.writeString(slipway.home().resolve("etc/org.example.probe2.json"), "{\n  \"url\": \"$[env:PROBE_URL]\"\n}\n");
        Run secretMissing = slipway.slipway("start");
        assertEquals(secretMissing.toString(), 1, secretMissing.exit());
        assertTrue(secretMissing.toString(), secretMissing.err().contains("etc/org.example.probe.cfg, key password"
                + " refers to $[secret:probe.password], a secret that is not in secrets"));
        assertTrue(secretMissing.toString(), secretMissing.err().contains("etc/org.example.probe2.json, key url refers"
                + " to $[env:PROBE_URL], a variable this environment does not have"));
        assertFalse(secretMissing.toString(), secretMissing.err().contains("PROBE_HOST"));
        assertEquals("nothing was started", 3, slipway.slipway("status").exit());
        Files.writeString(slipway.home().resolve("secrets/probe.password"), "pr0be-s3cret\n");

        Run start = slipway.slipwayWith(Map.of("SLIPWAY_ENV", "staging", "PROBE_URL", "http://probe"), "start");
        assertEquals(start.toString(), 0, start.exit());
        assertTrue(start.toString(), start.out().contains("Generated the credentials of user \"slipway\""));
        Matcher ready = Pattern.compile("ready on 127\\.0\\.0\\.1:8102 \\(management endpoint\\) after (\\d+) ms")
                .matcher(start.out());
        assertTrue(start.toString(), ready.find());
        System.out.println("bin/slipway start: ready after " + ready.group(1) + " ms");

        Run status = slipway.slipway("status");
        assertEquals(status.toString(), 0, status.exit());
        assertTrue(status.out().startsWith("Slipway is running (pid "));
        assertTrue(status.toString(), status.out().contains(", environment staging)."));
        Run releases = slipway.slipway("releases");
        assertTrue(releases.toString(), releases.out().startsWith("Environment: staging"));

        Run again = slipway.slipway("start");
        assertEquals(again.toString(), 0, again.exit());
        assertTrue(again.out().startsWith("Slipway is already running"));

        Run install = slipway.slipway("client", "feature:install greeter/1.0.0");
        assertEquals(install.toString(), 0, install.exit());
        Run list = slipway.slipway("client", "feature:list -i");
        assertTrue(list.toString(), Pattern.compile("(?m)^greeter\\s+\\|\\s+1\\.0\\.0\\s+\\|.*Started").matcher(list.out()).find());
        assertEquals("Hello, Ada! Greeted 1 time. [greeter 1.0.0]", SlipwayProcess.httpGet("http://127.0.0.1:8181/greet?name=Ada"));

        Run unknownFeature = slipway.slipway("client", "feature:install greeter/9.9.9");
        assertEquals(unknownFeature.toString(), 1, unknownFeature.exit());
        assertTrue(unknownFeature.toString(), (unknownFeature.out() + unknownFeature.err()).contains("greeter/[9.9.9,9.9.9]"));

        Run config = slipway.slipway("client", "config:property-list --pid org.example.probe");
        assertTrue(config.toString(), config.out().contains("$[secret:probe.password]"));
        Run stop = slipway.slipway("stop");
        assertEquals(stop.toString(), 0, stop.exit());
        try (java.util.stream.Stream<Path> logs = Files.walk(slipway.home().resolve("data/log"))) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                assertFalse("the secret is in " + log, Files.readString(log).contains("pr0be-s3cret"));
            }
        }
        assertTrue(stop.out().startsWith("Slipway stopped"));
        Run stopped = slipway.slipway("status");
        assertEquals(stopped.toString(), 3, stopped.exit());
        assertEquals("Slipway is not running.\n", stopped.out());
    }

    @Test
    public void credentialsAreGeneratedPrivateAndNeverPrintedAndKarafKarafIsRefused() throws Exception {
        Path users = slipway.home().resolve("etc/users.properties");
        assertFalse("no user before the first start", Files.readString(users).contains("slipway ="));

        Run start = slipway.slipway("start");
        assertEquals(start.toString(), 0, start.exit());

        Matcher entry = Pattern.compile("(?m)^slipway = ([0-9a-f]{48}),_g_:admingroup$").matcher(Files.readString(users));
        assertTrue("a generated password in " + users, entry.find());
        String password = entry.group(1);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertFalse("password printed by start", (start.out() + start.err()).contains(password));
        for (Path log : List.of(Path.of("data/log/karaf.log"), Path.of("data/log/console.out"))) {
            Path file = slipway.home().resolve(log);
            assertFalse("password written to " + log, Files.exists(file) && Files.readString(file).contains(password));
        }

        Run stock = slipway.command(slipway.home().resolve("bin/client").toString(),
                "-u", "karaf", "-p", "karaf", "-r", "1", "bundle:list");
        assertNotEquals("karaf/karaf must be refused: " + stock, 0, stock.exit());
        assertFalse(stock.toString(), stock.out().contains("ACTIVE") || stock.out().contains("Active"));

        Run restart = slipway.slipway("stop");
        assertEquals(restart.toString(), 0, restart.exit());
        Run second = slipway.slipway("start");
        assertEquals(second.toString(), 0, second.exit());
        assertFalse("credentials are generated once", second.out().contains("Generated the credentials"));
        assertTrue(Files.readString(users).contains("slipway = " + password + ","));
    }

    @Test
    public void sshIsReachableOnLoopbackOnly() throws Exception {
        assertEquals(0, slipway.slipway("start").exit());
        assertTrue("ssh on loopback", connects(InetAddress.getLoopbackAddress()));
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .findFirst();
        if (external.isPresent()) {
            assertFalse("ssh must not answer on " + external.get(), connects(external.get()));
        } else {
            System.out.println("No non-loopback address on this machine: only the loopback side was checked");
        }
    }

    @Test
    public void badUsageAndNotRunningHaveTheirOwnExitCodes() throws Exception {
        Run none = slipway.slipway();
        assertEquals(none.toString(), 2, none.exit());
        assertTrue(none.err().contains("Usage: bin/slipway <command>"));

        Run unknown = slipway.slipway("launch");
        assertEquals(unknown.toString(), 2, unknown.exit());
        assertTrue(unknown.err().contains("unknown command \"launch\""));

        Run timeout = slipway.slipway("start", "--timeout", "soon");
        assertEquals(timeout.toString(), 2, timeout.exit());
        assertTrue(timeout.err(), timeout.err().contains("--timeout must be a whole number of seconds, at least 1, was \"soon\""));
        assertTrue("a usage error shows the command's usage line: " + timeout.err(),
                timeout.err().contains("Usage: bin/slipway start [--env NAME] [--timeout SECONDS]"));

        Run client = slipway.slipway("client", "bundle:list");
        assertEquals(client.toString(), 3, client.exit());
        assertTrue(client.err().contains("Slipway is not running"));

        Run status = slipway.slipway("status");
        assertEquals(status.toString(), 3, status.exit());
        Run stop = slipway.slipway("stop");
        assertEquals(stop.toString(), 0, stop.exit());
        assertFalse("nothing was started", Files.exists(slipway.home().resolve("karaf.pid")));
    }

    private static boolean connects(InetAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, 8101), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
