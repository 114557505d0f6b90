package org.slipway.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.junit.After;
import org.junit.Test;
import org.slipway.itests.BenchmarkReport.Side;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * The platform from outside, next to a stock Apache Karaf 4.4.10 (Maven Central's {@code apache-karaf} tar.gz, which
 * the benchmark profile copies to {@code target/stock-karaf/}; SSH on 8301, RMI on 1399/44454, its commented
 * {@code karaf} user enabled): start-up and idle memory, cold (a fresh unpack) and warm (the second start of the same
 * unpack), and the operator channel ({@code bin/slipway} through the management endpoint, {@code bin/client} through
 * SSH) with the end-to-end time of an upgrade. Process test; rounds interleaved, the order alternating. Asserts that
 * each command succeeded, never a time. {@code -Dslipway.startRounds} (3) sets the start-up rounds.
 */
public class PlatformBenchmark {

    private static final Path WORK = Path.of("target", "platform").toAbsolutePath();
    private static final int START_ROUNDS = Integer.getInteger("slipway.startRounds", 3);
    private static final int CHANNEL_ROUNDS = 10;

    private final List<Karaf> instances = new ArrayList<>();

    @After
    public void stopEveryInstance() throws Exception {
        for (Karaf instance : instances) {
            instance.destroy();
        }
    }

    @Test
    public void startUpAndIdleMemoryColdAndWarm() throws Exception {
        Map<String, List<Long>> samples = new TreeMap<>();
        Map<Boolean, String> options = new TreeMap<>();
        for (int round = 1; round <= START_ROUNDS; round++) {
            for (boolean slipway : round % 2 == 1 ? List.of(true, false) : List.of(false, true)) {
                Karaf karaf = unpack(slipway, slipway ? "start-slipway" : "start-stock");
                Karaf.Start cold = karaf.start(true);
                options.put(slipway, cold.jvmOptions());
                record(samples, karaf, "cold", cold);
                karaf.stop();
                record(samples, karaf, "warm", karaf.start(false));
                karaf.stop();
            }
        }
        BenchmarkReport report = BenchmarkReport.section("platform-start", "Start-up and idle memory (process test)",
                START_ROUNDS + " rounds, interleaved. Cold: the first start after a fresh unpack; warm: the second "
                + "start of the same unpack. Times from the launch (Slipway: `bin/slipway start`, which returns when "
                + "ready; stock: `bin/start`). Boot features done: the features service's `Done.` in `karaf.log` "
                + "(cold), the SSH port accepting (warm: no deployment is logged). Ready: Slipway when `bin/slipway "
                + "start` returns (SSH accepting and the management endpoint answering `GET /releases` 200); stock "
                + "when the boot features are done and SSH accepts. Shell answers: then `bin/client -b -r 1 -d 1` "
                + "with `shell:echo ok`, the same for both. Idle RSS: `VmRSS` 10 s after ready, nothing installed.");
        for (String start : List.of("cold", "warm")) {
            compare(report, samples, start, "boot features done", "ms",
                    start.equals("cold") ? "karaf.log Done." : "SSH accepting (no deployment logged)");
            compare(report, samples, start, "SSH port accepting", "ms", "connect to 127.0.0.1");
            report.compare(start + ": ready", "ms",
                    side(samples, "slipway " + start + " ready", "bin/slipway start returned (SSH + endpoint 200)"),
                    side(samples, "stock " + start + " ready", "boot features done and SSH accepting"));
            compare(report, samples, start, "shell answers", "ms", "bin/client shell:echo ok, started when ready");
            compare(report, samples, start, "idle RSS 10 s after ready", "MiB", "VmRSS of the Karaf JVM");
        }
        report.note("JVM options before Karaf's own: Slipway `" + options.get(true) + "` (its `bin/setenv`); stock `"
                + options.get(false) + "`.").write();
    }

    @Test
    public void operatorChannelAndUpgradeEndToEnd() throws Exception {
        Karaf slipway = unpack(true, "channel-slipway");
        Karaf stock = unpack(false, "channel-stock");
        slipway.start(true);
        stock.start(true);
        assertEquals(0, slipway.files().slipway("client", "feature:install greeter/1.0.0").exit());
        SlipwayProcess.waitForGreeter("1.0.0");
        Map<String, List<Long>> samples = new TreeMap<>();
        Map<String, Callable<Run>> commands = new TreeMap<>(Map.of(
                "slipway releases", () -> slipway.files().slipway("releases"),
                "slipway history", () -> slipway.files().slipway("history"),
                "client release:list", () -> slipway.client("release:list"),
                "client release:history", () -> slipway.client("release:history"),
                "stock feature:list -i", () -> stock.client("feature:list -i")));
        List<String> names = new ArrayList<>(commands.keySet());
        for (int round = 0; round <= CHANNEL_ROUNDS; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size()); // each round starts with another command
                time(samples, round == 0, name, commands.get(name));
            }
        }
        for (int round = 0; round <= CHANNEL_ROUNDS; round++) {
            upgradeRound(samples, round, slipway);
        }
        writeChannel(samples);
    }

    /** Four changes, each path up and down once, from 1.0.0 back to 1.0.0; who goes first alternates. */
    private static void upgradeRound(Map<String, List<Long>> samples, int round, Karaf slipway) throws Exception {
        Map<String, Callable<Run>> changes = Map.of(
                "slipway up", () -> slipway.files().slipway("upgrade", "greeter", "1.1.0"),
                "slipway down", () -> slipway.files().slipway("rollback", "greeter", "1.0.0"),
                "stock up", () -> slipway.client("feature:install -u greeter/1.1.0"),
                "stock down", () -> slipway.client("feature:install -u greeter/1.0.0"));
        List<String> order = round % 2 == 0 ? List.of("slipway up", "stock down", "stock up", "slipway down")
                : List.of("stock up", "slipway down", "slipway up", "stock down");
        for (String change : order) {
            time(samples, round == 0, change, changes.get(change));
            SlipwayProcess.waitForGreeter(change.endsWith("up") ? "1.1.0" : "1.0.0"); // settled; not measured
        }
    }

    private static void writeChannel(Map<String, List<Long>> samples) throws Exception {
        BenchmarkReport.section("operator-channel", "Operator channel and an upgrade end to end (process test)",
                CHANNEL_ROUNDS + " rounds after one warm-up, interleaved, on one Slipway instance with greeter "
                + "installed (and one stock Karaf 4.4.10 for reference). Wall time of the whole command as an operator "
                + "runs it: `bin/slipway` speaks to the management endpoint with bash's /dev/tcp; `bin/client -b -r 1 "
                + "-d 1` starts a JVM and opens an SSH session. The upgrade rows alternate directions: each round has "
                + "Slipway and the stock path once up and once down, who goes first alternating.")
                .compare("list releases", "ms", side(samples, "slipway releases", "bin/slipway releases (endpoint)"),
                        side(samples, "client release:list", "Karaf's bin/client release:list (SSH, same instance)"))
                .compare("history", "ms", side(samples, "slipway history", "bin/slipway history (endpoint)"),
                        side(samples, "client release:history", "Karaf's bin/client release:history (SSH, same "
                                + "instance)"))
                .compare("list features, for reference", "ms",
                        side(samples, "slipway releases", "bin/slipway releases"),
                        side(samples, "stock feature:list -i", "Karaf 4.4.10, its own instance: bin/client "
                                + "feature:list -i"))
                .compare("upgrade greeter 1.0.0 -> 1.1.0, end to end", "ms", side(samples, "slipway up",
                        "bin/slipway upgrade greeter 1.1.0 (checked, verified, committed)"), side(samples, "stock up",
                        "bin/client \"feature:install -u greeter/1.1.0\" (same instance)"))
                .compare("greeter 1.1.0 -> 1.0.0, end to end", "ms", side(samples, "slipway down",
                        "bin/slipway rollback greeter 1.0.0"), side(samples, "stock down",
                        "bin/client \"feature:install -u greeter/1.0.0\""))
                .write();
    }

    private static Side side(Map<String, List<Long>> samples, String key, String how) {
        return new Side(how, samples.get(key));
    }

    private static void time(Map<String, List<Long>> samples, boolean warmUp, String name, Callable<Run> command)
            throws Exception {
        long began = System.nanoTime();
        Run run = command.call();
        long ms = (System.nanoTime() - began) / 1_000_000;
        assertEquals(name + ": " + run, 0, run.exit());
        if (!warmUp) {
            samples.computeIfAbsent(name, n -> new ArrayList<>()).add(ms);
        }
    }

    private static void record(Map<String, List<Long>> samples, Karaf karaf, String start, Karaf.Start s) {
        String prefix = (karaf.slipway() ? "slipway " : "stock ") + start + " ";
        Map.of("boot features done", s.bootDone(), "SSH port accepting", s.port(), "ready", s.ready(),
                "shell answers", s.shellAnswers(), "idle RSS 10 s after ready", s.rssMiB())
                .forEach((what, value) -> samples.computeIfAbsent(prefix + what, k -> new ArrayList<>()).add(value));
    }

    private static void compare(BenchmarkReport report, Map<String, List<Long>> samples, String start, String what,
            String unit, String how) {
        report.compare(start + ": " + what, unit, side(samples, "slipway " + start + " " + what, how),
                side(samples, "stock " + start + " " + what, how));
    }

    private Karaf unpack(boolean slipway, String folder) throws Exception {
        Karaf karaf = slipway ? Karaf.slipway(WORK.resolve(folder)) : Karaf.stock(WORK.resolve(folder));
        instances.add(karaf);
        return karaf;
    }
}
