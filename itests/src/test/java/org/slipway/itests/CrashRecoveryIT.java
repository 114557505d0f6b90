package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * The JVM dies between applying an upgrade and committing it; the next start rolls back to the last
 * committed release before anything else of Slipway runs, and the history says so.
 */
public class CrashRecoveryIT {

    private SlipwayProcess slipway;

    @Before
    public void unpack() throws Exception {
        slipway = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")),
                Path.of("target", "crash"));
    }

    @After
    public void stop() throws Exception {
        slipway.destroy();
    }

    @Test
    public void jvmHaltedDuringVerificationComesBackOnThePreviousRelease() throws Exception {
        startHaltingAtVerifyingWith("1.0.0");

        Run upgrade = slipway.slipway("client", "feature:upgrade greeter 1.1.0");
        assertEquals("the JVM halts in the middle: " + upgrade, 3, upgrade.exit());
        assertTrue(upgrade.toString(), upgrade.err().contains("the instance stopped while running the command"));
        slipway.waitUntilStopped();

        Run restart = slipway.slipway("start");
        assertEquals(restart.toString(), 0, restart.exit());
        SlipwayProcess.waitForGreeter("1.0.0");
        Run history = slipway.slipway("client", "release:history greeter");
        assertEquals(history.toString(), 0, history.exit());
        assertTrue(history.toString(), history.out().contains("RECOVERY"));
        assertTrue(history.toString(), history.out().contains("VERIFYING"));
        Run installed = slipway.slipway("client", "feature:list -i");
        assertTrue(installed.toString(), installed.out().matches("(?s).*greeter\\s+\\|\\s+1\\.0\\.0\\s+\\|.*"));

        Run upgradeAgain = slipway.slipway("client", "feature:upgrade greeter 1.1.0");
        assertEquals("after recovery, upgrades work again: " + upgradeAgain, 0, upgradeAgain.exit());
        SlipwayProcess.waitForGreeter("1.1.0");
    }

    @Test
    public void jvmHaltedDuringADeployComesBackWithoutTheArchive() throws Exception {
        startHaltingAtVerifyingWith("1.1.0");
        Path impl = slipway.home().resolve("system/org/slipway/example/org.slipway.example.greeter.impl/1.3.0");

        Run deploy = slipway.slipway("upgrade", Archives.greeter("1.3.0").toString());
        assertEquals("the JVM halts in the middle: " + deploy, 3, deploy.exit());
        assertTrue("the archive's bundle was extracted before the halt", Files.exists(impl));
        assertTrue(Files.exists(slipway.home().resolve("data/slipway/deploy-pending")));
        slipway.waitUntilStopped();

        assertEquals(0, slipway.slipway("start").exit());
        SlipwayProcess.waitForGreeter("1.1.0");
        Run log = slipway.command("grep", "-h", "that a stop interrupted", "data/log/karaf.log");
        assertTrue(log.toString(), log.out().contains("Removed the deploy of greeter 1.3.0 that a stop interrupted"));
        assertFalse("the archive's files are gone", Files.exists(impl));
        assertFalse(Files.exists(slipway.home().resolve("data/slipway/deploy-pending")));
        Run releases = slipway.slipway("releases");
        assertFalse("its repository is gone: " + releases, releases.out().contains("1.3.0"));

        Run again = slipway.slipway("upgrade", Archives.greeter("1.3.0").toString());
        assertEquals("after recovery, the archive deploys: " + again, 0, again.exit());
        SlipwayProcess.waitForGreeter("1.3.0");
    }

    /** Starts an instance that halts its JVM when a change reaches VERIFYING, with greeter {@code release}. */
    private void startHaltingAtVerifyingWith(String release) throws Exception {
        Run start = slipway.slipwayWith(Map.of("EXTRA_JAVA_OPTS", "-Dslipway.test.haltAt=VERIFYING"), "start");
        assertEquals(start.toString(), 0, start.exit());
        assertEquals(0, slipway.slipway("client", "feature:install greeter/" + release).exit());
        SlipwayProcess.waitForGreeter(release);
    }
}
