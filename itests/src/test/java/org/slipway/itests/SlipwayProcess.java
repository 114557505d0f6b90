package org.slipway.itests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An unpacked Slipway distribution driven from outside, as an operator would: through {@code bin/slipway}
 * and the Karaf scripts, with no standard input (as on CI). Whatever it starts, {@link #destroy()} stops.
 */
final class SlipwayProcess {

    /** One finished command: its exit status and what it printed. */
    record Run(List<String> command, int exit, String out, String err) {
        @Override
        public String toString() {
            return command + " exited " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }

        /** @return this run, after asserting that it exited {@code expected} */
        Run expect(int expected) {
            if (exit != expected) {
                throw new AssertionError("expected exit " + expected + ": " + this);
            }
            return this;
        }
    }

    private final Path home;

    private SlipwayProcess(Path home) {
        this.home = home;
    }

    /**
     * Unpacks the distribution under test (system property {@code slipway.distribution}) into a fresh
     * {@code target/<folder>}, starts it with {@code bin/slipway start} and runs each shell command through
     * {@code bin/slipway client}, each expected to succeed.
     */
    static SlipwayProcess started(String folder, String... shellCommands) throws Exception {
        SlipwayProcess slipway = unpack(Path.of(System.getProperty("slipway.distribution")), Path.of("target", folder));
        slipway.slipway("start").expect(0);
        for (String command : shellCommands) {
            slipway.slipway("client", command).expect(0);
        }
        return slipway;
    }

    /** Unpacks the distribution archive into a fresh {@code folder}. */
    static SlipwayProcess unpack(Path archive, Path target) throws Exception {
        Path folder = target.toAbsolutePath();
        deleteRecursively(folder);
        Files.createDirectories(folder);
        Run untar = run(folder, List.of("tar", "xzf", archive.toString(), "-C", folder.toString()), Map.of(), 120);
        if (untar.exit() != 0) {
            throw new IllegalStateException("Cannot unpack " + archive + ": " + untar);
        }
        try (Stream<Path> children = Files.list(folder)) {
            return new SlipwayProcess(children.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException(archive + " holds no folder")));
        }
    }

    Path home() {
        return home;
    }

    Run slipway(String... arguments) throws Exception {
        return slipwayWith(Map.of(), arguments);
    }

    /** Runs bin/slipway with extra environment variables, e.g. EXTRA_JAVA_OPTS for the Karaf JVM. */
    Run slipwayWith(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/slipway").toString()));
        command.addAll(List.of(arguments));
        return run(home, command, environment, 240);
    }

    /**
     * Runs bin/slipway until its output says {@code text} (a changed configuration takes a moment to apply),
     * up to 30 s; @return that run, after asserting its exit status
     */
    Run awaitOutput(int exit, String text, String... arguments) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        Run run;
        do {
            run = slipway(arguments);
            if (run.out().contains(text)) {
                return run.expect(exit);
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Never printed \"" + text + "\": " + run);
    }

    Run command(String... command) throws Exception {
        return run(home, List.of(command), Map.of(), 240);
    }

    /**
     * Stops the instance if it still runs: politely first, then every process of this installation by
     * force (found by its {@code karaf.home}, so that even an instance whose pid file is lost is stopped).
     */
    void destroy() throws Exception {
        if (Files.exists(home.resolve("karaf.pid"))) {
            slipway("stop", "--timeout", "30");
        }
        String marker = "-Dkaraf.home=" + home;
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false))
                .forEach(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
    }

    /** Waits until the instance's JVM has gone (after a halt or a kill), up to 20 s. */
    void waitUntilStopped() throws Exception {
        for (int i = 0; i < 100; i++) {
            if (slipway("status").exit() == 3) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the halted JVM is still running");
    }

    /** Waits until greeter answers on 127.0.0.1:8181 as {@code release}, up to 60 s. */
    static void waitForGreeter(String release) throws InterruptedException {
        String last = "";
        for (int i = 0; i < 300; i++) {
            try {
                last = httpGet("http://127.0.0.1:8181/greet?name=Probe");
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            if (last.endsWith("[greeter " + release + "]")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("greeter " + release + " did not answer; last answer: " + last);
    }

    /** GET on loopback, as an operator's curl would; the body, stripped. */
    static String httpGet(String url) throws IOException {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) new java.net.URL(url).openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(5000);
        try (java.io.InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            connection.disconnect();
        }
    }

    private static Run run(Path directory, List<String> command, Map<String, String> environment,
            int timeoutSeconds) throws Exception {
        File out = Files.createTempFile("slipway-out", ".txt").toFile();
        File err = Files.createTempFile("slipway-err", ".txt").toFile();
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out)
                    .redirectError(err)
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
            }
            return new Run(command, process.exitValue(),
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
