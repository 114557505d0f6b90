package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;
import org.slipway.itests.BenchmarkReport.Side;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * kill -9 at random moments of live changes, then start, then check that what runs is a committed release,
 * whole and serving, and that nothing of the interrupted change is left: upgrade 1.0.0 -> 1.1.0, the broken
 * 1.2.0 (rolled back), rollback, and the 1.3.0 release archive, in random order, the JVM killed 0–400 ms after
 * the change is in flight (the journal's {@code current} or the deploy's record exists), or when the command
 * ended without a change (refused, nothing to do); or {@code bin/slipway stop} killed 0–1.5 s in (Karaf saves its
 * digraph as it stops). A third of the rounds kill again 0–4 s into the next start (recovery, Karaf's boot, the
 * boot guard's repairs). Rounds and seed: {@code -Dslipway.killRounds} (6),
 * {@code -Dslipway.killSeed}.
 * In the benchmark profile: {@code mvn -B verify -pl itests -Pbenchmark -Dit.test=KillNineBenchmark}; its
 * section of {@code itests/target/benchmark.md} and {@code .csv} ({@link BenchmarkReport}).
 */
public class KillNineBenchmark {

    private static final Pattern GREETER = Pattern.compile("\\[greeter ([0-9.]+)\\]");

    private SlipwayProcess slipway;

    @After
    public void stop() throws Exception {
        if (slipway != null) {
            slipway.destroy();
        }
    }

    @Test
    public void everyRestartAfterKillNineRunsACommittedReleaseWholeAndNothingHalfDone() throws Exception {
        int rounds = Integer.getInteger("slipway.killRounds", 6);
        long seed = Long.getLong("slipway.killSeed", System.nanoTime());
        Random random = new Random(seed);
        slipway = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")), Path.of("target", "kill9"));
        assertEquals(0, slipway.slipway("start").exit());
        assertEquals(0, slipway.slipway("client", "feature:install greeter/1.0.0").exit());
        waitServing();
        String archive = Archives.greeter("1.3.0").toString();
        List<List<String>> changes = List.of(List.of("upgrade", "greeter", "1.1.0"), List.of("upgrade", "greeter", "1.2.0"),
                List.of("rollback", "greeter"), List.of("upgrade", archive), List.of("rollback", "greeter", "1.0.0"),
                List.of("stop"));
        List<Round> done = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            done.add(killDuring(round, changes.get(random.nextInt(changes.size())), random));
        }
        List<List<String>> table = done.stream().map(r -> List.of(String.valueOf(r.round()),
                String.join(" ", r.change()).replace(archive, "greeter-1.3.0.kar"), String.valueOf(r.killedAfter()),
                r.inFlight() ? "yes" : "no", String.valueOf(r.exit()),
                r.killedAgainAfter() < 0 ? "-" : String.valueOf(r.killedAgainAfter()), String.valueOf(r.restart()),
                r.running(),
                r.recovered() ? "yes" : "no")).toList();
        BenchmarkReport.section("kill9", "kill -9 during live changes (process test)", rounds + " rounds, seed "
                + seed + " (`-Dslipway.killRounds`, `-Dslipway.killSeed`): a random change (upgrade, the broken 1.2.0, "
                + "rollback, the 1.3.0 archive), the JVM killed 0–400 ms after the change is in flight, "
                + "or a `bin/slipway stop` killed 0–1.5 s in; a third of the rounds killed again 0–4 s into the next start; "
                + "then `bin/slipway start` and the invariants (no change in flight, no half deploy, no staged copy, the "
                + "installed release serves, every greeter bundle active) — all held, or this section would be "
                + "missing. Stock Karaf has no journal to compare with.")
                .table(List.of("round", "change", "killed after ms", "in flight when killed", "command exit",
                        "killed again during start after ms", "restart ms", "running after", "recovery"), table)
                .samples("restart until the release service answers", "ms", new Side(
                        "bin/slipway start, then bin/slipway releases", done.stream().map(Round::restart).toList()))
                .value("kills", "slipway", "in_flight", "", done.stream().filter(Round::inFlight).count())
                .value("kills", "slipway", "recoveries", "", done.stream().filter(Round::recovered).count())
                .value("kills", "slipway", "during_start", "", done.stream().filter(r -> r.killedAgainAfter() >= 0).count())
                .value("kills", "slipway", "platform_repairs", "", repairs())
                .write();
    }

    /** One round: what was changed, when the kill came, and what runs after the restart. */
    record Round(int round, List<String> change, long killedAfter, boolean inFlight, int exit, long killedAgainAfter,
            long restart, String running, boolean recovered) {
    }

    private Round killDuring(int round, List<String> change, Random random) throws Exception {
        long recoveriesBefore = recoveries();
        Process command = startSlipway(change);
        long started = System.nanoTime();
        boolean stop = change.equals(List.of("stop"));
        // the journal or the deploy records the change: kill inside; a stop (Karaf saves its digraph): 0-1.5 s in
        boolean inFlight = !stop && awaitChangeInFlight(command);
        Thread.sleep(random.nextInt(stop ? 1500 : 400));
        inFlight = inFlight && changeInFlight();
        long delay = (System.nanoTime() - started) / 1_000_000;
        killNine();
        boolean ended = command.waitFor(60, TimeUnit.SECONDS);
        int exit = ended ? command.exitValue() : -1;
        long againAfter = -1;
        if (random.nextInt(3) == 0) { // and again while it starts, 0-4 s in (recovery, Karaf's boot, the guard)
            Process restart = startSlipway(List.of("start"));
            againAfter = random.nextInt(4000);
            Thread.sleep(againAfter);
            killNine();
            restart.waitFor(130, TimeUnit.SECONDS);
            restart.destroyForcibly();
        }
        long began = System.nanoTime();
        Run start = slipway.slipway("start");
        assertEquals("round " + round + ": " + start, 0, start.exit());
        waitReleaseService();
        long restart = (System.nanoTime() - began) / 1_000_000;
        String running = checkInvariants(round);
        return new Round(round, change, delay, inFlight, exit, againAfter, restart, running,
                recoveries() > recoveriesBefore);
    }

    /** Waits until a change is in flight (or the command ended, refused or with nothing to do); @return which */
    private boolean awaitChangeInFlight(Process command) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            if (changeInFlight()) {
                return true;
            }
            if (!command.isAlive()) {
                return false;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private boolean changeInFlight() {
        return Files.exists(slipway.home().resolve("data/slipway/current"))
                || Files.exists(slipway.home().resolve("data/slipway/deploy-pending"));
    }

    /** @return how many repairs of platform files the boot guard logged */
    private long repairs() throws IOException {
        Path log = slipway.home().resolve("data/slipway/platform/repairs.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    /** @return how many crash recoveries the history holds */
    private long recoveries() throws Exception {
        return slipway.slipway("client", "release:history").out().lines().filter(l -> l.contains("RECOVERY")).count();
    }

    private Process startSlipway(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(slipway.home().resolve("bin/slipway").toString()));
        command.addAll(arguments);
        return new ProcessBuilder(command).directory(slipway.home().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Kills the Karaf JVM if one runs (a start may not have written its pid yet: up to 2 s; a stop may be done). */
    private void killNine() throws Exception {
        Path file = slipway.home().resolve("karaf.pid");
        String text = "";
        for (int i = 0; i < 40 && text.isEmpty(); i++) {
            text = Files.exists(file) ? Files.readString(file).strip() : "";
            if (text.isEmpty()) {
                Thread.sleep(50);
            }
        }
        if (text.isEmpty()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(text)).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    /** The release service answers only after recovery: wait for it. */
    private void waitReleaseService() throws Exception {
        for (int i = 0; i < 120; i++) {
            if (slipway.slipway("releases").exit() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the release service did not come back");
    }

    /** @return the greeter release that runs */
    private String checkInvariants(int round) throws Exception {
        String where = "round " + round + ": ";
        assertFalse(where + "no change in flight after recovery",
                Files.exists(slipway.home().resolve("data/slipway/current")));
        assertFalse(where + "no interrupted deploy left", Files.exists(slipway.home().resolve("data/slipway/deploy-pending")));
        Path incoming = slipway.home().resolve("data/slipway/incoming");
        if (Files.isDirectory(incoming)) {
            try (Stream<Path> staged = Files.list(incoming)) {
                assertEquals(where + "no staged copies left", 0, staged.count());
            }
        }
        Run features = slipway.slipway("client", "feature:list -i");
        Matcher installed = Pattern.compile("greeter\\s+\\|\\s+([0-9.]+)\\s+\\|").matcher(features.out());
        assertTrue(where + "greeter is installed: " + features, installed.find());
        String release = installed.group(1);
        String answer = waitServing();
        assertTrue(where + "the installed release serves: " + answer, answer.endsWith("[greeter " + release + "]"));
        Run bundles = slipway.slipway("client", "bundle:list -s -t 0");
        for (String line : bundles.out().lines().filter(l -> l.contains("org.slipway.example.greeter")).toList()) {
            assertTrue(where + "every greeter bundle active: " + line, line.contains("Active"));
        }
        assertTrue(where + "the release's impl runs: " + bundles, bundles.out().lines()
                .anyMatch(l -> l.contains("org.slipway.example.greeter.impl") && l.contains(release)));
        return release;
    }

    private static String waitServing() throws InterruptedException {
        String last = "";
        for (int i = 0; i < 300; i++) {
            try {
                last = SlipwayProcess.httpGet("http://127.0.0.1:8181/greet?name=Kill");
                if (GREETER.matcher(last).find()) {
                    return last;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("greeter does not answer; last: " + last);
    }
}
