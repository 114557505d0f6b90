package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.slipway.itests.MisbehavingBundles.Behaviour;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * Application code that blocks, spins, ends the JVM or fails while a change starts it cannot hang, kill or
 * lock out the platform: {@code bin/slipway upgrade bad.jar --timeout 10} ends within its bound with the
 * documented exit code, names what is stuck, and the instance recovers the previous version before the bad
 * one runs again. Real bundles, compiled at test time ({@link MisbehavingBundles}), each first installed in
 * a good version 1.0.0 next to greeter 1.1.0, then upgraded in place to a bad 1.1.0.
 * <p>
 * One instance for the class: every scenario leaves it healthy (those that stop it start it again). A
 * scenario that fails leaves it in an unknown state, so the next one gets a fresh instance.
 */
public class MisbehavingBundleIT {

    private static final int OK = 0;
    private static final int USAGE = 2;
    private static final int NOT_RUNNING = 3;
    private static final int REFUSED = 4;
    private static final int ROLLED_BACK = 5;
    private static final int ROLLBACK_FAILED = 6;

    /** The {@code --timeout} of every bad upgrade, in seconds. */
    private static final int TIMEOUT = 10;
    /** The engine's grace after interrupting stuck threads (Bounded.GRACE). */
    private static final int GRACE = 5;
    /** What a bounded change may take beyond its timeout: the rollback, its verification, SSH round trips. */
    private static final int MARGIN = 30;

    private static MisbehavingBundles bundles;
    private static SlipwayProcess slipway;
    private static int instances;

    @Rule
    public final TestWatcher discardOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            discard();
        }
    };

    @BeforeClass
    public static void prepare() throws Exception {
        bundles = new MisbehavingBundles(Path.of("target", "misbehaving", "bundles"));
    }

    @AfterClass
    public static void stop() {
        discard();
    }

    @Test
    public void blockingActivatorIsInterruptedNamedAndRolledBackAndAnotherChangeMeanwhileIsRefused() throws Exception {
        String name = "misbehaving.blocking";
        installGood(name, bundles.activator(name, "1.0.0", Behaviour.WELL));
        Path bad = bundles.activator(name, "1.1.0", Behaviour.BLOCK);

        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            long began = System.nanoTime();
            Future<Run> blocked = background.submit(() -> running().slipway("upgrade", bad.toString(),
                    "--timeout", Integer.toString(TIMEOUT)));
            awaitStarts(name, "1.1.0", 1);

            Run busy = running().slipway("upgrade", "greeter", "1.2.0");
            report("a second change while the blocking one runs", busy, Duration.ZERO);
            expect(REFUSED, busy);
            assertTrue(busy.toString(), Pattern.compile("Another change is in progress: " + Pattern.quote(name)
                    + " 1\\.0\\.0 -> 1\\.1\\.0, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ; try again when it has finished\\.")
                    .matcher(busy.out()).find());

            Run upgrade = expect(ROLLED_BACK, blocked.get(TIMEOUT + GRACE + MARGIN + 60, TimeUnit.SECONDS));
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            report("blocking activator", upgrade, took);
            assertTrue("bounded by --timeout: " + took + "\n" + upgrade, took.toSeconds() < TIMEOUT + MARGIN);
            assertTrue(upgrade.toString(), upgrade.out().contains("did not end within " + TIMEOUT + " s"));
            assertTrue("names the stuck bundle and its state: " + upgrade,
                    upgrade.out().matches("(?s).*bundle " + Pattern.quote(name) + " 1\\.1\\.0 \\[\\d+\\] is STARTING.*"));
            assertTrue("shows the blocking activator's frame: " + upgrade,
                    upgrade.out().contains(name + ".Activator.start(Activator.java:"));
            assertTrue(upgrade.toString(), upgrade.out().contains("was rolled back; " + name + " 1.0.0 is running."));
            assertEquals("the bad start ran once", 1, bundles.starts(name, "1.1.0"));
        } finally {
            // The command ends by itself: bounded by the engine, or killed by SlipwayProcess after 240 s.
            background.shutdown();
            background.awaitTermination(5, TimeUnit.MINUTES);
        }

        assertBundle(name, "1.0.0", "ACTIVE");
        assertGreeterAnswers();
        Path fixed = bundles.activator(name, "1.2.0", Behaviour.WELL);
        Run next = expect(OK, running().slipway("upgrade", fixed.toString()));
        assertTrue("the next change commits: " + next, next.out().contains(name + " 1.2.0 is running."));
        assertBundle(name, "1.2.0", "ACTIVE");
        assertEquals("an update starts the new revision once", 1, bundles.starts(name, "1.2.0"));
    }

    @Test
    public void blockingActivatorInAFeatureReleaseIsInterruptedNamedAndRolledBack() throws Exception {
        String name = "misbehaving.feature";
        Path good = bundles.activator(name, "1.0.0", Behaviour.WELL);
        Path bad = bundles.activator(name, "1.1.0", Behaviour.BLOCK);
        Path repository = Files.writeString(Path.of("target", "misbehaving", "misbehaving-features.xml").toAbsolutePath(),
                "<features name=\"misbehaving\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"misbehaving\" version=\"1.0.0\"><bundle>" + good.toUri() + "</bundle></feature>\n"
                + "  <feature name=\"misbehaving\" version=\"1.1.0\"><bundle>" + bad.toUri() + "</bundle></feature>\n"
                + "</features>\n");
        expect(OK, running().slipway("client", "feature:repo-add " + repository.toUri()));
        try {
            expect(OK, running().slipway("client", "feature:install misbehaving/1.0.0"));
            assertBundle(name, "1.0.0", "ACTIVE");

            long began = System.nanoTime();
            Run upgrade = expect(ROLLED_BACK, running().slipway("upgrade", "misbehaving", "1.1.0", "--timeout",
                    Integer.toString(TIMEOUT)));
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            report("blocking activator in a feature release (Karaf's provisioning thread)", upgrade, took);
            assertTrue("bounded by --timeout: " + took + "\n" + upgrade, took.toSeconds() < TIMEOUT + MARGIN);
            assertTrue(upgrade.toString(), upgrade.out().contains("did not end within " + TIMEOUT + " s"));
            assertTrue("shows the blocking activator's frame: " + upgrade,
                    upgrade.out().contains(name + ".Activator.start(Activator.java:"));
            assertTrue(upgrade.toString(), upgrade.out().contains("was rolled back; misbehaving 1.0.0 is running."));
            assertBundle(name, "1.0.0", "ACTIVE");
            assertGreeterAnswers();
        } finally {
            running().slipway("client", "feature:uninstall misbehaving");
            running().slipway("client", "feature:repo-remove " + repository.toUri());
        }
    }

    /**
     * Going back after a jar update installs the revision that ran, not the bundle's first install location:
     * 1.0.0 installed by a feature, moved to 1.1.0 by a feature upgrade in place (Karaf records
     * Bundle-UpdateLocation), then a good jar 1.2.0, then a throwing jar 1.3.0: each failure goes back one step.
     */
    @Test
    public void aJarThatFailsAfterAnInPlaceFeatureUpgradeGoesBackToTheRevisionThatRan() throws Exception {
        String name = "misbehaving.hotfix";
        Path repository = Files.writeString(Path.of("target", "misbehaving", "hotfix-features.xml").toAbsolutePath(),
                "<features name=\"hotfix\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"hotfix\" version=\"1.0.0\"><bundle>"
                + bundles.activator(name, "1.0.0", Behaviour.WELL).toUri() + "</bundle></feature>\n"
                + "  <feature name=\"hotfix\" version=\"1.1.0\"><bundle>"
                + bundles.activator(name, "1.1.0", Behaviour.WELL).toUri() + "</bundle></feature>\n"
                + "</features>\n");
        expect(OK, running().slipway("client", "feature:repo-add " + repository.toUri()));
        try {
            expect(OK, running().slipway("client", "feature:install hotfix/1.0.0"));
            expect(OK, running().slipway("upgrade", "hotfix", "1.1.0"));
            assertBundle(name, "1.1.0", "ACTIVE");

            Run first = expect(ROLLED_BACK, running().slipway("upgrade",
                    bundles.activator(name, "1.2.0", Behaviour.THROW).toString(), "--timeout", Integer.toString(TIMEOUT)));
            report("throwing jar after an in-place feature upgrade", first, Duration.ZERO);
            assertTrue(first.toString(), first.out().contains("was rolled back; " + name + " 1.1.0 is running."));
            assertBundle(name, "1.1.0", "ACTIVE");

            expect(OK, running().slipway("upgrade", bundles.activator(name, "1.3.0", Behaviour.WELL).toString()));
            assertBundle(name, "1.3.0", "ACTIVE");
            Run second = expect(ROLLED_BACK, running().slipway("upgrade",
                    bundles.activator(name, "1.4.0", Behaviour.THROW).toString(), "--timeout", Integer.toString(TIMEOUT)));
            report("throwing jar after a good jar", second, Duration.ZERO);
            assertTrue(second.toString(), second.out().contains("was rolled back; " + name + " 1.3.0 is running."));
            assertBundle(name, "1.3.0", "ACTIVE");
            assertGreeterAnswers();

            expect(OK, running().slipway("stop"));
            expect(OK, running().slipway("start"));
            assertBundle(name, "1.3.0", "ACTIVE");
            assertGreeterAnswers();
        } finally {
            running().slipway("client", "feature:uninstall hotfix");
            running().slipway("client", "bundle:uninstall " + name);
            running().slipway("client", "feature:repo-remove " + repository.toUri());
        }
    }

    @Test
    public void activatorThatThrowsIsRolledBack() throws Exception {
        String name = "misbehaving.throwing";
        installGood(name, bundles.activator(name, "1.0.0", Behaviour.WELL));

        long began = System.nanoTime();
        Run upgrade = expect(ROLLED_BACK, running().slipway("upgrade",
                bundles.activator(name, "1.1.0", Behaviour.THROW).toString(), "--timeout", Integer.toString(TIMEOUT)));
        report("throwing activator", upgrade, Duration.ofNanos(System.nanoTime() - began));
        assertTrue(upgrade.toString(), upgrade.out().contains(name));
        assertTrue(upgrade.toString(), upgrade.out().contains("was rolled back; " + name + " 1.0.0 is running."));
        assertEquals("the bad start ran once", 1, bundles.starts(name, "1.1.0"));
        assertBundle(name, "1.0.0", "ACTIVE");
        assertGreeterAnswers();
    }

    @Test
    public void spinningActivatorEndsAsRollbackFailedAndTheRestartRecoversBeforeItRunsAgain() throws Exception {
        String name = "misbehaving.spinning";
        installGood(name, bundles.activator(name, "1.0.0", Behaviour.WELL));

        long began = System.nanoTime();
        Run upgrade = expect(ROLLBACK_FAILED, running().slipway("upgrade",
                bundles.activator(name, "1.1.0", Behaviour.SPIN).toString(), "--timeout", Integer.toString(TIMEOUT)));
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        report("spinning activator", upgrade, took);
        assertTrue("bounded by --timeout and the grace: " + took, took.toSeconds() < TIMEOUT + GRACE + MARGIN);
        assertTrue(upgrade.toString(), upgrade.out().matches(
                "(?s).*bundle " + Pattern.quote(name) + " 1\\.1\\.0 \\[\\d+\\] is STARTING.*"));
        assertTrue(upgrade.toString(), upgrade.out().contains(name + ".Activator.start(Activator.java:"));
        assertTrue(upgrade.toString(), upgrade.out().contains("it did not end either when interrupted"));
        assertTrue(upgrade.toString(), upgrade.out().contains("Restart the instance (bin/slipway stop"));
        assertEquals(1, bundles.starts(name, "1.1.0"));

        // The journal keeps the stuck change in flight for the recovery at the next start: until then no
        // other change runs.
        Run next = running().slipway("upgrade", "greeter", "1.2.0");
        report("a change while the stuck one is in flight", next, Duration.ZERO);
        assertTrue("no change before the restart: " + next, next.exit() != OK && next.exit() != ROLLED_BACK);
        assertTrue("names the change in flight: " + next, (next.out() + next.err()).contains(name + " 1.0.0 -> 1.1.0"));

        restartAfterStuck(name);
    }

    @Test
    public void activatorThatExitsTheJvmStopsTheInstanceAndTheNextStartRecovers() throws Exception {
        String name = "misbehaving.exiting";
        installGood(name, bundles.activator(name, "1.0.0", Behaviour.WELL));

        long began = System.nanoTime();
        Run upgrade = expect(NOT_RUNNING, running().slipway("upgrade",
                bundles.activator(name, "1.1.0", Behaviour.EXIT).toString(), "--timeout", Integer.toString(TIMEOUT)));
        report("exiting activator", upgrade, Duration.ofNanos(System.nanoTime() - began));
        assertTrue(upgrade.toString(), upgrade.err().contains("the instance stopped while running the command"));
        awaitStopped();

        Run start = expect(OK, running().slipway("start"));
        report("start after System.exit", start, Duration.ZERO);
        assertBundle(name, "1.0.0", "ACTIVE");
        assertGreeterAnswers();
        assertEquals("recovery ran before the bad activator could run again", 1, bundles.starts(name, "1.1.0"));
        assertRecoveredInHistory(name);

        expect(OK, running().slipway("stop"));
        expect(OK, running().slipway("start"));
        assertBundle(name, "1.0.0", "ACTIVE");
        assertGreeterAnswers();
        assertEquals(1, bundles.starts(name, "1.1.0"));
    }

    @Test
    public void blockingComponentActivateIsInterruptedOnceAndRolledBack() throws Exception {
        String name = "misbehaving.component";
        installGood(name, bundles.component(name, "1.0.0", Behaviour.WELL));

        long began = System.nanoTime();
        Run upgrade = running().slipway("upgrade", bundles.component(name, "1.1.0", Behaviour.BLOCK).toString(),
                "--timeout", Integer.toString(TIMEOUT));
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        report("blocking DS activate", upgrade, took);
        assertTrue("bounded by --timeout and the grace: " + took, took.toSeconds() < TIMEOUT + GRACE + MARGIN);
        assertTrue("shows the blocking activate method's frame: " + upgrade,
                upgrade.out().contains(name + ".Component.activate(Component.java:"));
        assertEquals("the bad activate ran once", 1, bundles.starts(name, "1.1.0"));
        expect(ROLLED_BACK, upgrade);
        assertTrue(upgrade.toString(), upgrade.out().contains("; interrupted)"));
        assertTrue(upgrade.toString(), upgrade.out().contains("was rolled back; " + name + " 1.0.0 is running."));
        assertBundle(name, "1.0.0", "ACTIVE");
        assertGreeterAnswers();
    }

    @Test
    public void timeoutZeroIsAUsageError() throws Exception {
        Run usage = running().slipway("upgrade", "greeter", "1.1.0", "--timeout", "0");
        report("--timeout 0", usage, Duration.ZERO);
        expect(USAGE, usage);
        assertTrue(usage.toString(), usage.err().contains("--timeout needs a whole number of seconds, at least 1"));
        assertTrue(usage.toString(), usage.err().contains(
                "Usage: bin/slipway upgrade <feature> <version> [-t|--simulate] [--config ours|theirs] [--timeout SECONDS] [--json]"));
    }

    /**
     * The framework is stuck in application code: stop, then start. The stuck thread holds the bundle's lock,
     * so the framework cannot stop that bundle and Karaf does not end the JVM (it would wait for
     * karaf.shutdown.timeout, 5 min): bin/slipway stop kills it when its --timeout runs out (exit 1). The next
     * start brings 1.0.0 back before application bundles start, so the bad activator never runs again.
     */
    private void restartAfterStuck(String name) throws Exception {
        long began = System.nanoTime();
        Run stop = running().slipway("stop", "--timeout", "15");
        report("stop after ROLLBACK_FAILED", stop, Duration.ofNanos(System.nanoTime() - began));
        assertEquals(stop.toString(), 1, stop.exit());
        assertTrue(stop.toString(), stop.err().contains("did not stop within 15 s and was killed"));
        awaitStopped();

        expect(OK, running().slipway("start"));
        assertBundle(name, "1.0.0", "ACTIVE");
        assertGreeterAnswers();
        assertEquals("recovery ran before the bad activator could run again", 1, bundles.starts(name, "1.1.0"));
        assertRecoveredInHistory(name);
    }

    private static void assertRecoveredInHistory(String name) throws Exception {
        Run history = expect(OK, running().slipway("client", "release:history " + name));
        assertTrue(history.toString(), Pattern.compile("RECOVERY\\s*[│|]\\s*" + Pattern.quote(name)
                + "\\s*[│|]\\s*1\\.0\\.0\\s*[│|]\\s*1\\.1\\.0\\s*[│|]\\s*ROLLED_BACK").matcher(history.out()).find());
    }

    /**
     * Installs and starts {@code good}, the 1.0.0 of {@code name}, from its file: the bundle's location, which
     * going back updates it from.
     */
    private static void installGood(String name, Path good) throws Exception {
        expect(OK, running().slipway("client", "bundle:install -s " + good.toUri()));
        assertBundle(name, "1.0.0", "ACTIVE");
        awaitStarts(name, "1.0.0", 1);
    }

    /**
     * Waits until bundle {@code name} is {@code version} in {@code state} at Karaf's application start
     * level 80 (recovery may still be running after a start).
     */
    private static void assertBundle(String name, String version, String state) throws Exception {
        Pattern row = Pattern.compile("(?m)^\\s*\\d+\\s*[│|]\\s*(\\w+)\\s*[│|]\\s*(\\d+)\\s*[│|]\\s*(\\S+)\\s*[│|]\\s*"
                + Pattern.quote(name) + "\\s*$");
        String last = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            Run list = running().slipway("client", "bundle:list -s");
            Matcher found = row.matcher(list.out());
            boolean listed = found.find();
            last = listed ? found.group(0).strip() : list.toString();
            if (listed && found.group(1).equalsIgnoreCase(state) && found.group(3).equals(version)) {
                assertEquals("application start level: " + last, "80", found.group(2));
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(name + " is not " + version + " " + state + "; last: " + last);
    }

    private static void assertGreeterAnswers() throws InterruptedException {
        String last = "";
        for (int i = 0; i < 150; i++) {
            try {
                last = SlipwayProcess.httpGet("http://127.0.0.1:8181/greet?name=x");
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            if (last.endsWith("[greeter 1.1.0]")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("greeter 1.1.0 does not answer; last answer: " + last);
    }

    private static void awaitStarts(String name, String version, long count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (bundles.starts(name, version) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " " + version + " did not start " + count + " times within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static void awaitStopped() throws Exception {
        for (int i = 0; i < 100; i++) {
            if (running().slipway("status").exit() == NOT_RUNNING) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the instance is still running");
    }

    /** The shared instance with greeter 1.1.0, unpacked and started at first use. */
    private static SlipwayProcess running() throws Exception {
        if (slipway == null) {
            instances++;
            slipway = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")),
                    Path.of("target", "misbehaving", "instance-" + instances));
            expect(OK, slipway.slipway("start"));
            expect(OK, slipway.slipway("client", "feature:install greeter/1.1.0"));
            assertGreeterAnswers();
        }
        return slipway;
    }

    /** Stops the shared instance; the next scenario starts a fresh one. Its folder stays, for its logs. */
    private static void discard() {
        if (slipway != null) {
            try {
                slipway.destroy();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot stop " + slipway.home() + ": " + e.getMessage(), e);
            } finally {
                slipway = null;
            }
        }
    }

    /** What the report of this run quotes: the command, its exit code, wall time and output. */
    private static void report(String scenario, Run run, Duration took) {
        System.out.println("=== " + scenario + ": exit " + run.exit()
                + (took.isZero() ? "" : " after " + took.toMillis() + " ms") + "\n" + run);
    }

    private static Run expect(int exit, Run run) {
        assertEquals(run.toString(), exit, run.exit());
        return run;
    }
}
