package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slipway.api.ImportViolation;
import org.slipway.api.PackageChange;
import org.slipway.core.internal.engine.Assessment;
import org.slipway.core.internal.engine.UpdateRange;
import org.slipway.core.internal.state.PlainJson;
import org.slipway.core.internal.release.Releases;
import org.slipway.core.internal.release.ReleaseCheck;

/**
 * The offline verdict of slipway:check and the live pre-check of a running instance agree on every greeter
 * pair: 1.0.0 -> 1.1.0 (accepted), 1.1.0 -> 2.0.0 (refused: web 1.1.0 stays and imports the API [1.1,2)),
 * 1.1.0 -> 1.3.0 (accepted). Offline: the plugin's reading of the built release archives and the engine's
 * OfflineCheck. Live: the management endpoint's simulated upgrade on the real distribution (for 1.3.0, which
 * the instance knows only from its archive, the simulated deploy of that archive). Both the verdict and its
 * data must be equal: the import violations, and the packages the plan classifies.
 */
public class ReleaseCheckIT {

    private static final String BASE = "http://127.0.0.1:8102";

    private static SlipwayProcess slipway;
    private static String admin;

    @BeforeClass
    public static void start() throws Exception {
        slipway = SlipwayProcess.started("process-check", "feature:install greeter/1.0.0");
        SlipwayProcess.waitForGreeter("1.0.0");
        admin = Files.readString(slipway.home().resolve("data/slipway/management/admin.token")).trim();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (slipway != null) {
            slipway.destroy();
        }
    }

    @Test
    public void theOfflineVerdictIsTheLivePreChecksOnEveryGreeterPair() throws Exception {
        assertFalse("1.0.0 -> 1.1.0 is accepted", agree("1.0.0", "1.1.0", upgrade("1.1.0")));

        Map<String, Object> upgraded = post("/upgrade", "{\"feature\":\"greeter\",\"version\":\"1.1.0\",\"timeout\":30}");
        assertEquals(upgraded.toString(), "COMMITTED", upgraded.get("outcome"));
        SlipwayProcess.waitForGreeter("1.1.0");

        assertTrue("1.1.0 -> 2.0.0 is refused", agree("1.1.0", "2.0.0", upgrade("2.0.0")));
        Map<String, Object> deploy = post("/deploy", "{\"archive\":\"" + Archives.greeter("1.3.0")
                + "\",\"simulate\":true}");
        assertEquals(deploy.toString(), 1, ((List<?>) deploy.get("results")).size());
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) ((List<?>) deploy.get("results")).get(0);
        assertFalse("1.1.0 -> 1.3.0 is accepted", agree("1.1.0", "1.3.0", result));
    }

    @Test
    public void releaseDiffInTheShellWritesTheChangelogOfSlipwayDiff() throws Exception {
        Path greeterModules = Path.of(System.getProperty("slipway.greeter.modules"));
        for (String[] pair : List.of(new String[] {"1.0.0", "1.1.0"}, new String[] {"1.1.0", "2.0.0"})) {
            String built = Files.readString(greeterModules.resolve(pair[1] + "/target/slipway/changelog-greeter-"
                    + pair[0] + "-to-" + pair[1] + ".md"));
            SlipwayProcess.Run diff = slipway.slipway("client", "release:diff greeter " + pair[0] + " " + pair[1])
                    .expect(0);
            assertEquals("release:diff greeter " + pair[0] + " " + pair[1] + " and slipway:diff", built.strip(),
                    diff.out().replace("\r", "").strip());
            SlipwayProcess.Run endpoint = slipway.slipway("diff", "greeter", pair[0], pair[1]).expect(0);
            assertEquals("bin/slipway diff (the endpoint's GET /changelog) and slipway:diff", built.strip(),
                    endpoint.out().strip());
        }
        String json = slipway.slipway("diff", "greeter", "1.1.0", "2.0.0", "--json").expect(0).out();
        assertEquals(Files.readString(greeterModules.resolve("2.0.0/target/slipway/changelog-greeter-1.1.0-to-2.0.0.json"))
                .strip(), json.strip());
        SlipwayProcess.Run unknown = slipway.slipway("client", "release:diff greeter 1.0.0 9.9.9");
        assertTrue(unknown.toString(), unknown.toString().contains(
                "Feature \"greeter\" has no version 9.9.9 in any repository (known: 1.0.0, 1.1.0, 1.2.0, 2.0.0)"));
    }

    /** @return whether both refuse, after asserting that they agree */
    private static boolean agree(String from, String to, Map<String, Object> live) throws Exception {
        Assessment offline = ReleaseCheck.assess(Releases.fromArchive(Archives.greeter(from), null),
                Releases.fromArchive(Archives.greeter(to), null), UpdateRange.KARAF_DEFAULT);
        String pair = "greeter " + from + " -> " + to + ": live " + live + "\noffline " + offline;
        boolean refused = "REFUSED".equals(live.get("outcome"));
        assertTrue(pair, refused || "SIMULATED".equals(live.get("outcome")));
        assertEquals(pair, !offline.violations().isEmpty(), refused);
        if (refused) {
            Set<String> liveViolations = new TreeSet<>();
            for (Object problem : (List<?>) live.get("problems")) {
                Object violation = ((Map<?, ?>) problem).get("violation");
                if (violation != null) {
                    Map<?, ?> v = (Map<?, ?>) violation;
                    liveViolations.add(v.get("importer") + " " + v.get("importerVersion") + " imports "
                            + v.get("package") + " " + v.get("range") + ", offered " + v.get("offered"));
                }
            }
            Set<String> offlineViolations = new TreeSet<>();
            for (ImportViolation v : offline.violations()) {
                offlineViolations.add(v.importer() + " " + v.importerVersion() + " imports " + v.packageName() + " "
                        + v.range() + ", offered " + v.offered());
            }
            assertFalse(pair, liveViolations.isEmpty());
            assertEquals(pair, liveViolations, offlineViolations);
        } else {
            Set<String> livePackages = new TreeSet<>();
            Map<?, ?> plan = (Map<?, ?>) live.get("plan");
            for (Object p : (List<?>) plan.get("packages")) {
                Map<?, ?> pkg = (Map<?, ?>) p;
                livePackages.add(pkg.get("package") + " of " + pkg.get("exporter") + " " + pkg.get("from") + " -> "
                        + pkg.get("to") + " " + pkg.get("delta"));
            }
            Set<String> offlinePackages = new TreeSet<>();
            for (PackageChange pkg : offline.plan().packages()) {
                offlinePackages.add(pkg.packageName() + " of " + pkg.exporter() + " " + pkg.from() + " -> "
                        + pkg.to() + " " + pkg.delta());
            }
            assertEquals(pair, livePackages, offlinePackages);
        }
        return refused;
    }

    /** @return the live pre-check of upgrading greeter to {@code version}: a simulated upgrade */
    private static Map<String, Object> upgrade(String version) throws IOException {
        return post("/upgrade", "{\"feature\":\"greeter\",\"version\":\"" + version + "\",\"simulate\":true}");
    }

    private static Map<String, Object> post(String path, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(BASE + path).openConnection();
        connection.setRequestMethod("POST");
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(120_000);
        connection.setRequestProperty("Authorization", "Bearer " + admin);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setDoOutput(true);
        connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        int status = connection.getResponseCode();
        var in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        connection.disconnect();
        return PlainJson.readObject(text);
    }
}
