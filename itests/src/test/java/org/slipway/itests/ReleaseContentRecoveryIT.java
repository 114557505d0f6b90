package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.slipway.itests.Archives.GREETER_EXTRA_FILE;
import static org.slipway.itests.Archives.GREETER_PID;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * The JVM dies while a release that writes a configuration and a file is being verified; at the next start,
 * crash recovery puts the configuration back exactly as it was (every property, with its type) and removes the
 * file. A process test, like {@link CrashRecoveryIT}: the halt ({@code slipway.test.haltAt=VERIFYING}) ends the
 * JVM, which a Pax Exam container does not survive.
 */
public class ReleaseContentRecoveryIT {

    /**
     * The operator's configuration of greeter, in etc/ before the first start, in the typed format Karaf's .cfg
     * files accept (every value typed): a String, a Long and a String[].
     */
    private static final String TYPED_CFG = "# the operator's greeter settings\n"
            + "greeting = \"Hello\"\n"
            + "count = L\"42\"\n"
            + "names = [ \"Ada\", \"Grace\" ]\n";

    private SlipwayProcess slipway;

    @Before
    public void unpack() throws Exception {
        slipway = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")),
                Path.of("target", "content-crash"));
    }

    @After
    public void stop() throws Exception {
        slipway.destroy();
    }

    @Test(timeout = 600_000)
    public void jvmHaltedWhileVerifyingComesBackWithTheConfigurationOfItsFileAsBeforeAndWithoutTheReleasesFile()
            throws Exception {
        Path cfg = slipway.home().resolve("etc/" + GREETER_PID + ".cfg");
        Files.writeString(cfg, TYPED_CFG);
        startHaltingAtVerifying();
        String listed = waitForConfiguration(GREETER_PID, "greeting = Hello");
        List<String> stored = stored(GREETER_PID);
        assertTrue("Config Admin holds the typed values: " + stored, stored.contains("count=L\"42\""));

        haltWhileVerifyingThenRestart();

        assertEquals("configuration " + GREETER_PID + " as Config Admin stores it, every value typed", stored,
                stored(GREETER_PID));
        assertEquals("configuration " + GREETER_PID + " as config:list shows it", listed, configList(GREETER_PID));
    }

    /**
     * The same for a configuration that exists only in Config Admin (set through its API, as an application or a
     * management tool does; no file in etc/): the release's overriding configuration stays in Config Admin too
     * (Karaf writes no etc/org.example.greeter.cfg, configCfgStore=false), so Felix fileinstall, which would
     * delete a configuration whose file goes away, has nothing to act on.
     */
    @Test(timeout = 600_000)
    public void jvmHaltedWhileVerifyingComesBackWithAConfigurationOnlyInConfigAdminAsBefore() throws Exception {
        startHaltingAtVerifying();
        Run set = slipway.slipway("client", "cm = $.context getService ($.context getServiceReference"
                + " org.osgi.service.cm.ConfigurationAdmin) ; properties = new java.util.Hashtable ;"
                + " $properties put greeting Hello ; $properties put count (new java.lang.Long 42) ;"
                + " $properties put names (\"Ada,Grace\" split \",\") ;"
                + " ($cm getConfiguration " + GREETER_PID + " \"?\") update $properties");
        assertEquals(set.toString(), 0, set.exit());
        String listed = waitForConfiguration(GREETER_PID, "greeting = Hello");
        List<String> stored = stored(GREETER_PID);
        assertTrue("Config Admin holds the typed values: " + stored, stored.contains("count=L\"42\""));
        Path cfg = slipway.home().resolve("etc/" + GREETER_PID + ".cfg");
        assertFalse("the configuration has no file", Files.exists(cfg));

        haltWhileVerifyingThenRestart();

        assertEquals("configuration " + GREETER_PID + " as Config Admin stores it, every value typed", stored,
                stored(GREETER_PID));
        assertEquals("configuration " + GREETER_PID + " as config:list shows it", listed, configList(GREETER_PID));
        assertFalse("no file was written for the release's configuration", Files.exists(cfg));
    }

    /**
     * Issue 19: a repository release whose configuration is merged three ways. The operator changed a key; the
     * upgrade writes the merge (new default, added key, dropped key, the operator's key kept), and the JVM halts
     * while verifying, after the write. At the next start, recovery puts the configuration back exactly as the
     * operator had it.
     */
    @Test(timeout = 600_000)
    public void jvmHaltedAfterTheMergeWasWrittenComesBackWithTheConfigurationAsBefore() throws Exception {
        haltAfterTheMergeThenRecover("VERIFYING");
    }

    /** The same, halted between the merge's write and Karaf's deployment: the new release's bundle never ran. */
    @Test(timeout = 600_000)
    public void jvmHaltedBetweenTheMergesWriteAndTheDeploymentComesBackWithTheConfigurationAsBefore() throws Exception {
        haltAfterTheMergeThenRecover("CONFIGURED");
    }

    /**
     * Installs settings 1.0.0, changes its port as the operator, upgrades to 1.1.0 with the JVM halting at
     * {@code step}, checks the merge was written, and that the next start recovers the configuration exactly, with
     * settings 1.0.0's bundle running.
     */
    private void haltAfterTheMergeThenRecover(String step) throws Exception {
        Path repository = SettingsFixture.repository(Files.createDirectories(slipway.home().resolveSibling("settings")));
        Run start = slipway.slipwayWith(Map.of("EXTRA_JAVA_OPTS", "-Dslipway.test.haltAt=" + step), "start");
        assertEquals(start.toString(), 0, start.exit());
        Files.writeString(slipway.home().resolve("secrets").resolve(SettingsFixture.SECRET), "t0ken\n");
        assertEquals(0, slipway.slipway("client", "feature:repo-add " + repository.toUri()).exit());
        assertEquals(0, slipway.slipway("client", "feature:install settings/1.0.0").exit());
        waitForConfiguration(SettingsFixture.PID, "greeting = Hello");
        assertEquals(0, slipway.slipway("client", "config:property-set -p " + SettingsFixture.PID + " port 9090").exit());
        String listed = waitForConfiguration(SettingsFixture.PID, "port = 9090");
        List<String> stored = stored(SettingsFixture.PID);

        Run upgrade = slipway.slipway("upgrade", "settings", "1.1.0");

        assertEquals("the JVM halts in the middle: " + upgrade, 3, upgrade.exit());
        slipway.waitUntilStopped();
        List<String> written = stored(SettingsFixture.PID);
        assertTrue("the merge was written before the halt: " + written, written.contains("greeting=\"Welcome\"")
                && written.contains("port=\"9090\"") && written.stream().noneMatch(l -> l.startsWith("retired=")));

        Run restart = slipway.slipway("start");
        assertEquals(restart.toString(), 0, restart.exit());
        Run history = slipway.slipway("client", "release:history settings");
        for (int i = 0; i < 100 && !history.out().contains("RECOVERY"); i++) {
            Thread.sleep(200);
            history = slipway.slipway("client", "release:history settings");
        }
        assertTrue(history.toString(), history.out().contains("RECOVERY"));
        assertEquals("configuration " + SettingsFixture.PID + " as Config Admin stores it", stored,
                stored(SettingsFixture.PID));
        assertEquals("configuration " + SettingsFixture.PID + " as config:list shows it", listed,
                configList(SettingsFixture.PID));
        Run bundles = slipway.slipway("client", "bundle:list -s -t 0");
        assertTrue(bundles.toString(), bundles.out().lines()
                .anyMatch(l -> l.contains(SettingsFixture.PID) && l.contains("1.0.0") && l.contains("Active")));
    }

    /** Starts an instance that halts its JVM when a change reaches VERIFYING, with greeter 1.1.0. */
    private void startHaltingAtVerifying() throws Exception {
        Run start = slipway.slipwayWith(Map.of("EXTRA_JAVA_OPTS", "-Dslipway.test.haltAt=VERIFYING"), "start");
        assertEquals(start.toString(), 0, start.exit());
        assertEquals(0, slipway.slipway("client", "feature:install greeter/1.1.0").exit());
        SlipwayProcess.waitForGreeter("1.1.0");
    }

    /**
     * Deploys greeter 1.3.0 writing configuration org.example.greeter and etc/org.example.greeter.extra.cfg; the
     * JVM halts while verifying it, after both were written; starts again, and checks that recovery ran, removed
     * the file and left no configuration of it.
     */
    private void haltWhileVerifyingThenRestart() throws Exception {
        Path extra = slipway.home().resolve(GREETER_EXTRA_FILE);
        Path cfg = slipway.home().resolve("etc/" + GREETER_PID + ".cfg");
        assertFalse(Files.exists(extra));
        Path archive = Archives.variant(Archives.greeter("1.3.0"), slipway.home().resolveSibling("greeter-1.3.0.kar"),
                true, Archives::addGreeterContent);

        Run deploy = slipway.slipway("upgrade", archive.toString());

        assertEquals("the JVM halts in the middle: " + deploy, 3, deploy.exit());
        slipway.waitUntilStopped();
        assertTrue("the release wrote its file before the halt", Files.exists(extra));
        // A release's configuration lives in Config Admin only (configCfgStore=false): Karaf writes no etc/<pid>.cfg
        // for it; an operator's own file of that PID gets the release's values from fileinstall (config save).
        assertTrue("no file but the operator's carries the release's configuration",
                !Files.exists(cfg) || Files.readString(cfg).contains("Howdy") || Files.readString(cfg).contains("Hello"));

        Run restart = slipway.slipway("start");
        assertEquals(restart.toString(), 0, restart.exit());
        SlipwayProcess.waitForGreeter("1.1.0");
        Run history = slipway.slipway("client", "release:history greeter");
        assertTrue(history.toString(), history.out().contains("RECOVERY"));
        Run log = slipway.command("grep", "-h", "Restoring", "data/log/karaf.log");
        assertTrue("recovery restored what the release wrote: " + log, log.out().contains("configurations and files"));
        // fileinstall polls etc/ every second and acts on what recovery put back: let it
        Thread.sleep(3000);
        assertFalse(GREETER_EXTRA_FILE + " is removed", Files.exists(extra));
        assertEquals("no configuration is left of the file", "", configList("org.example.greeter.extra").strip());
    }

    /** Polls until config:list shows {@code text} for {@code pid}; @return what it shows then */
    private String waitForConfiguration(String pid, String text) throws Exception {
        String last = "";
        for (int i = 0; i < 150; i++) {
            last = configList(pid);
            if (last.contains(text)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("configuration " + pid + " never showed " + text + ": " + last);
    }

    /** The Karaf shell's config:list for one PID. */
    private String configList(String pid) throws Exception {
        Run run = slipway.slipway("client", "config:list '(service.pid=" + pid + ")'");
        assertEquals(run.toString(), 0, run.exit());
        return run.out();
    }

    /**
     * The configuration as Felix Config Admin persists it (its own typed format, one property a line, under the
     * bundle data of org.apache.felix.configadmin), sorted, without Config Admin's own revision counter.
     */
    private List<String> stored(String pid) throws IOException {
        String relative = "config/" + pid.replace('.', '/') + ".config";
        try (Stream<Path> walk = Files.walk(slipway.home().resolve("data/cache"))) {
            List<Path> found = walk.filter(p -> p.toString().endsWith(relative)).toList();
            assertEquals("one stored configuration " + pid + ": " + found, 1, found.size());
            return Files.readAllLines(found.get(0), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith(":org.apache.felix.configadmin.revision:"))
                    .sorted().toList();
        }
    }
}
