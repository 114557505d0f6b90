package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * The management endpoint, as automation and bin/slipway use it: HTTP on 127.0.0.1:8102, a bearer token per
 * role in a file only its owner reads, every operation of the shell with JSON answers and bin/slipway's exit
 * statuses. One instance for the class; the tests run in the order their changes need (names say it).
 */
@org.junit.FixMethodOrder(org.junit.runners.MethodSorters.NAME_ASCENDING)
public class ManagementEndpointIT {

    private static final String BASE = "http://127.0.0.1:8102";

    private static SlipwayProcess slipway;
    private static String admin;
    private static String viewer;

    record Answer(int status, Map<String, List<String>> headers, String body) {
        /** HTTP header names are case-insensitive; the JDK's server sends {@code Slipway-outcome}. */
        String header(String name) {
            return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey()))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @BeforeClass
    public static void start() throws Exception {
        slipway = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")),
                Path.of("target", "management"));
        assertEquals(0, slipway.slipway("start").exit());
        assertEquals(0, slipway.slipway("client", "feature:install greeter/1.0.0").exit());
        SlipwayProcess.waitForGreeter("1.0.0");
        Path tokens = slipway.home().resolve("data/slipway/management");
        admin = Files.readString(tokens.resolve("admin.token")).trim();
        viewer = Files.readString(tokens.resolve("viewer.token")).trim();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (slipway != null) {
            slipway.destroy();
        }
    }

    @Test
    public void a1_tokensAreLongRandomAndReadableByTheirOwnerOnly() throws Exception {
        for (String name : List.of("admin.token", "viewer.token")) {
            Path file = slipway.home().resolve("data/slipway/management").resolve(name);
            assertEquals(name, "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertEquals(64, admin.length());
        assertFalse(admin.equals(viewer));
    }

    @Test
    public void a2_aMissingOrWrongTokenIsRefused() throws Exception {
        Answer none = call("GET", "/releases", null, null);
        assertEquals(401, none.status());
        assertEquals("Bearer realm=\"slipway\"", none.header("WWW-Authenticate"));
        assertEquals(401, call("GET", "/releases", "0".repeat(64), null).status());
        assertEquals(401, call("POST", "/upgrade?feature=greeter&version=1.1.0", admin.substring(1), null).status());
        assertEquals("Basic auth is not a bearer token", 401, call("GET", "/releases", null, null,
                "Basic " + java.util.Base64.getEncoder().encodeToString(("slipway:" + admin).getBytes())).status());
    }

    @Test
    public void a3_theViewerReadsButDoesNotChange() throws Exception {
        Answer releases = call("GET", "/releases", viewer, null);
        assertEquals(200, releases.status());
        assertEquals("application/json", releases.header("Content-Type"));
        assertTrue(releases.body(), releases.body().contains("\"feature\":\"greeter\""));
        assertTrue(releases.body(), releases.body().contains("\"installed\":\"1.0.0\""));
        Answer upgrade = call("POST", "/upgrade?feature=greeter&version=1.1.0", viewer, null);
        assertEquals(403, upgrade.status());
        assertTrue(upgrade.body(), upgrade.body().contains("needs the admin token"));
        SlipwayProcess.waitForGreeter("1.0.0");
    }

    @Test
    public void a4_theEndpointListensOnLoopbackOnly() throws Exception {
        // Listening sockets on port 8102 (hex 1FA6), IPv4 and IPv6 tables: only 127.0.0.1 (or ::ffff:127.0.0.1).
        List<String> listening = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Files.readAllLines(Path.of(table)).stream().skip(1).map(String::trim).map(l -> l.split("\\s+"))
                    .filter(f -> f[1].endsWith(":1FA6") && f[3].equals("0A")).forEach(f -> listening.add(f[1]));
        }
        assertEquals(1, listening.size());
        assertTrue(listening.toString(), listening.get(0).equals("0100007F:1FA6")
                || listening.get(0).equals("0000000000000000FFFF00000100007F:1FA6"));
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, 8102), 1000);
                        throw new AssertionError("reachable on " + address);
                    } catch (IOException refused) {
                        // as it must be
                    }
                }
            }
        }
    }

    @Test
    public void b1_simulateUpgradeRefuseAndBadRequests() throws Exception {
        Answer simulated = call("POST", "/upgrade", admin, "{\"feature\":\"greeter\",\"version\":\"1.1.0\",\"simulate\":true}");
        assertEquals(simulated.body(), 200, simulated.status());
        assertEquals("SIMULATED", simulated.header("Slipway-Outcome"));
        assertTrue(simulated.body(), simulated.body().contains("\"bundles\""));

        Answer upgraded = call("POST", "/upgrade?feature=greeter&version=1.1.0&timeout=30", admin, null);
        assertEquals(upgraded.body(), 200, upgraded.status());
        assertEquals(List.of("COMMITTED", "0"), List.of(upgraded.header("Slipway-Outcome"), upgraded.header("Slipway-Exit")));
        SlipwayProcess.waitForGreeter("1.1.0");

        Answer refused = call("POST", "/upgrade?feature=greeter&version=2.0.0", admin, null);
        assertEquals(409, refused.status());
        assertEquals(List.of("REFUSED", "4"), List.of(refused.header("Slipway-Outcome"), refused.header("Slipway-Exit")));
        assertTrue(refused.body(), refused.body().contains("org.slipway.example.greeter.web"));

        Answer text = call("POST", "/upgrade?feature=greeter&version=1.2.0&timeout=10", admin, null, null, "text/plain");
        assertEquals("streamed: the status goes out with the first step", 200, text.status());
        assertTrue(text.body(), text.body().matches("(?s)\\s+0\\.\\d\\d s  checking\n.*  applying\n.*  verifying\n.*"
                + "  rolling back\n.*was rolled back; greeter 1\\.1\\.0 is running\\.\nslipway-outcome: ROLLED_BACK\n"));

        assertEquals(400, call("POST", "/upgrade?feature=greeter", admin, null).status());
        assertEquals(400, call("POST", "/upgrade", admin, "{\"feature\":").status());
        assertEquals(400, call("POST", "/upgrade?feature=greeter&version=1.1.0&timeout=0", admin, null).status());
        assertEquals(405, call("GET", "/upgrade?feature=greeter&version=1.1.0", admin, null).status());
        assertEquals(404, call("GET", "/nothing", admin, null).status());
        SlipwayProcess.waitForGreeter("1.1.0");
    }

    @Test
    public void b2_deployRollbackAndHistory() throws Exception {
        Answer deployed = call("POST", "/deploy", admin, "{\"archive\":\"" + Archives.greeter("1.3.0") + "\"}");
        assertEquals(deployed.body(), 200, deployed.status());
        assertEquals("COMMITTED", deployed.header("Slipway-Outcome"));
        SlipwayProcess.waitForGreeter("1.3.0");

        Answer rolledBack = call("POST", "/rollback?feature=greeter", admin, null);
        assertEquals(rolledBack.body(), 200, rolledBack.status());
        assertEquals("COMMITTED", rolledBack.header("Slipway-Outcome"));
        SlipwayProcess.waitForGreeter("1.1.0");

        Answer history = call("GET", "/history?feature=greeter", viewer, null);
        assertEquals(200, history.status());
        for (String outcome : List.of("\"COMMITTED\"", "\"ROLLED_BACK\"")) {
            assertTrue(history.body(), history.body().contains(outcome));
        }

        Answer changelog = call("GET", "/changelog?feature=greeter&from=1.0.0&to=1.1.0&json=true", viewer, null);
        assertEquals(changelog.body(), 200, changelog.status());
        assertTrue(changelog.body(), changelog.body().startsWith("{\"feature\":\"greeter\",\"from\":\"1.0.0\""));
        Answer unknown = call("GET", "/changelog?feature=greeter&from=1.0.0&to=9.9.9", viewer, null);
        assertEquals(unknown.body(), 400, unknown.status());
        assertTrue(unknown.body(), unknown.body().contains("has no version 9.9.9 in any repository"));
        assertEquals(400, call("GET", "/changelog?feature=greeter&from=1.0.0", viewer, null).status());
    }

    @Test
    public void c1_binSlipwayGoesThroughTheEndpointWithTheSameExitStatuses() throws Exception {
        Run releases = slipway.slipway("releases");
        assertEquals(releases.toString(), 0, releases.exit());
        assertTrue(releases.toString(), releases.out().contains("greeter"));
        Run refused = slipway.slipway("upgrade", "greeter", "2.0.0");
        assertEquals(refused.toString(), 4, refused.exit());
        Run history = slipway.slipway("history", "greeter", "--json");
        assertEquals(history.toString(), 0, history.exit());
        assertTrue(history.toString(), history.out().startsWith("[{"));
        Run usage = slipway.slipway("upgrade", "greeter", "1.1.0", "--timeout", "0");
        assertEquals(usage.toString(), 2, usage.exit());
    }

    private static Answer call(String method, String path, String token, String body) throws IOException {
        return call(method, path, token, body, null, null);
    }

    private static Answer call(String method, String path, String token, String body, String authorization)
            throws IOException {
        return call(method, path, token, body, authorization, null);
    }

    private static Answer call(String method, String path, String token, String body, String authorization,
            String accept) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(BASE + path).openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(120_000);
        if (token != null) {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        } else if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        if (accept != null) {
            connection.setRequestProperty("Accept", accept);
        }
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        var in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        connection.disconnect();
        return new Answer(status, connection.getHeaderFields(), text);
    }
}
