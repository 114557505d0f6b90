package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** An unpacked Karaf, Slipway's distribution or a stock one, started and stopped as an operator does. */
    static final class Karaf {

        /** Milliseconds from the launch, the idle RSS in MiB, and the JVM options before Karaf's own. */
        record Start(long bootDone, long port, long ready, long shellAnswers, long rssMiB, String jvmOptions) {
        }

        private static final Pattern DONE = Pattern.compile(
                "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d),(\\d{3}) \\|.*\\| Done\\.\\s*$");
        private static final Pattern SSH_PORT = Pattern.compile("(?m)^\\s*sshPort\\s*=\\s*(\\d+)");
        private static final long TIMEOUT_MS = 180_000;

        private final boolean slipway;
        private final SlipwayProcess files;
        private final int sshPort;

        private Karaf(boolean slipway, SlipwayProcess files) throws Exception {
            this.slipway = slipway;
            this.files = files;
            Matcher port = SSH_PORT.matcher(Files.readString(files.home().resolve("etc/org.apache.karaf.shell.cfg")));
            assertTrue("sshPort in etc/org.apache.karaf.shell.cfg", port.find());
            this.sshPort = Integer.parseInt(port.group(1));
        }

        static Karaf slipway(Path folder) throws Exception {
            return new Karaf(true, SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")), folder));
        }

        /** A stock Karaf on ports of its own, with the {@code karaf} user its users.properties comments out. */
        static Karaf stock(Path folder) throws Exception {
            SlipwayProcess files = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.stock.karaf")), folder);
            Path etc = files.home().resolve("etc");
            replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = 8301");
            replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost = 0.0.0.0", "sshHost = 127.0.0.1");
            replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099", "rmiRegistryPort = 1399");
            replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444", "rmiServerPort = 44454");
            replace(etc.resolve("users.properties"), "#karaf = karaf,", "karaf = karaf,");
            replace(etc.resolve("users.properties"), "#_g_\\:admingroup", "_g_\\:admingroup");
            return new Karaf(false, files);
        }

        boolean slipway() {
            return slipway;
        }

        SlipwayProcess files() {
            return files;
        }

        /** Launches, waits until ready, asks the shell, waits 10 s more and reads the RSS. */
        Start start(boolean cold) throws Exception {
            Path log = files.home().resolve("data/log/karaf.log");
            int doneBefore = doneTimes(log).size();
            long wall = System.currentTimeMillis();
            long began = System.nanoTime();
            Process launcher = launch();
            long port = -1;
            long ready = -1;
            while (ready < 0) {
                long now = since(began);
                port = port < 0 && accepting() ? now : port;
                if (slipway && !launcher.isAlive()) {
                    assertEquals("bin/slipway start, see " + launchLog(), 0, launcher.exitValue());
                    port = port < 0 ? now : port;
                    ready = now;
                } else if (!slipway && port >= 0) {
                    long done = cold ? bootDone(log, doneBefore, wall) : port;
                    ready = done < 0 ? -1 : Math.max(port, done);
                }
                assertTrue("started within " + TIMEOUT_MS + " ms, see " + launchLog(), now < TIMEOUT_MS);
                Thread.sleep(20);
            }
            long bootDone = cold ? awaitBootDone(log, doneBefore, wall) : port;
            long shell = shellAnswers(began);
            Thread.sleep(Math.max(0, ready + 10_000 - since(began)));
            ProcessHandle jvm = jvm().orElseThrow(() -> new AssertionError("no Karaf JVM in " + files.home()));
            return new Start(bootDone, port, ready, shell, rssMiB(jvm.pid()), jvmOptions(jvm));
        }

        /** One shell command through Karaf's SSH client, as bin/slipway client runs it. */
        Run client(String command) throws Exception {
            return files.command("sh", "-c", "JAVA_HOME='" + System.getProperty("java.home") + "'; export JAVA_HOME; "
                    + "printf '%s\\n' '" + command + "' | bin/client -b -r 1 -d 1");
        }

        void stop() throws Exception {
            Optional<ProcessHandle> jvm = jvm();
            Run stop = slipway ? files.slipway("stop") : files.command(files.home().resolve("bin/stop").toString());
            assertEquals(stop.toString(), 0, stop.exit());
            if (jvm.isPresent()) {
                try {
                    jvm.get().onExit().get(60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("the Karaf JVM of " + files.home() + " did not stop within 60 s");
                }
            }
        }

        /** Kills whatever of this installation still runs. */
        void destroy() {
            jvm().ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
        }

        private Process launch() throws Exception {
            ProcessBuilder builder = new ProcessBuilder(files.home().resolve(slipway ? "bin/slipway" : "bin/start")
                    .toString());
            if (slipway) {
                builder.command().add("start");
            }
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            return builder.directory(files.home().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launchLog().toFile())).start();
        }

        private Path launchLog() {
            return files.home().resolveSibling("launch.out");
        }

        private long shellAnswers(long began) throws Exception {
            Run last = null;
            for (int attempt = 0; attempt < 30; attempt++) {
                last = client("shell:echo ok");
                if (last.exit() == 0 && last.out().contains("ok")) {
                    return since(began);
                }
                Thread.sleep(200);
            }
            throw new AssertionError("the shell did not answer: " + last);
        }

        private boolean accepting() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", sshPort), 200);
                return true;
            } catch (IOException closed) {
                return false;
            }
        }

        /** @return ms from {@code wall} to the first new Done. line, or -1 when there is none yet */
        private static long bootDone(Path log, int doneBefore, long wall) throws IOException {
            List<Long> done = doneTimes(log);
            return done.size() > doneBefore ? done.get(doneBefore) - wall : -1;
        }

        private static long awaitBootDone(Path log, int doneBefore, long wall) throws Exception {
            for (int i = 0; i < 600; i++) {
                long done = bootDone(log, doneBefore, wall);
                if (done >= 0) {
                    return done;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no Done. in " + log);
        }

        /** The times of the features service's Done. lines (karaf.log is in local time, to the ms). */
        private static List<Long> doneTimes(Path log) throws IOException {
            if (!Files.exists(log)) {
                return List.of();
            }
            List<Long> times = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                Matcher m = DONE.matcher(line);
                if (m.find()) {
                    times.add(LocalDateTime.parse(m.group(1) + "." + m.group(2)).atZone(ZoneId.systemDefault())
                            .toInstant().toEpochMilli());
                }
            }
            return times;
        }

        /** The Karaf JVM of this installation (not a client's or bin/stop's, which name the same home). */
        private Optional<ProcessHandle> jvm() {
            String marker = "-Dkaraf.home=" + files.home();
            return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(List::of)
                    .map(args -> args.contains(marker) && args.contains("org.apache.karaf.main.Main")).orElse(false))
                    .findFirst();
        }

        private static long rssMiB(long pid) throws IOException {
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            Matcher m = Pattern.compile("VmRSS:\\s*(\\d+) kB").matcher(status);
            assertTrue("VmRSS of " + pid, m.find());
            return Long.parseLong(m.group(1)) / 1024;
        }

        /** The JVM's options up to Karaf's fixed ones (which start with --add-reads). */
        private static String jvmOptions(ProcessHandle jvm) {
            List<String> args = List.of(jvm.info().arguments().orElse(new String[0]));
            int end = args.indexOf("--add-reads=java.xml=java.logging");
            return String.join(" ", end < 0 ? args : args.subList(0, end));
        }

        private static long since(long began) {
            return (System.nanoTime() - began) / 1_000_000;
        }

        private static void replace(Path file, String from, String to) throws IOException {
            String text = Files.readString(file);
            assertTrue(file + " holds " + from, text.contains(from));
            Files.writeString(file, text.replace(from, to));
        }
    }
}
