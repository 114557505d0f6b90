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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slipway.itests.SlipwayProcess.Run;

/** An unpacked Karaf, Slipway's distribution or a stock one, started and stopped as an operator does. */
final class Karaf {

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
