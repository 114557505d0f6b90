package org.slipway.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * Requests under load while the greeter changes, through Slipway and through stock Karaf's
 * {@code feature:install -u}, in one instance and one run: the load client ({@code scripts/LoadClient.java}, a
 * process of its own) sends {@code GET /greet?name=...} every 5 ms on new connections from 1 s before a change
 * until 1 s after it. Per change: requests, failures, p50/p99/max latency, whether the counts continued, and the
 * gate's longest hold (from the instance's log). Writes its section of {@code itests/target/benchmark.md} and
 * {@code .csv} ({@link BenchmarkReport}). Run alone with
 * {@code mvn -B verify -pl itests -Pbenchmark -Dit.test=LiveLoadBenchmark}.
 */
public class LiveLoadBenchmark {

    private static final Pattern GATE = Pattern.compile("Gate open again after (\\d+) ms: (?:(\\d+) calls were held, "
            + "the longest (\\d+) ms|no call was held)");

    private SlipwayProcess slipway;
    private Path work;

    @After
    public void stop() throws Exception {
        if (slipway != null) {
            slipway.destroy();
        }
    }

    record Row(String path, String change, String command, int exit, long requests, long failed, String failures,
            double p50, double p99, double max, boolean continuous, String gate) {
    }

    @Test
    public void slipwayChangesFailNoRequestAndKeepTheCountsStockKarafDoesNot() throws Exception {
        work = Path.of("target", "live-load").toAbsolutePath();
        slipway = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")), work);
        Path client = compileLoadClient();
        assertEquals(0, slipway.slipway("start").exit());
        assertEquals(0, slipway.slipway("client", "feature:install greeter/1.0.0").exit());
        SlipwayProcess.waitForGreeter("1.0.0");
        String archive = Archives.greeter("1.3.0").toString();
        List<Row> rows = new ArrayList<>();
        rows.add(measure(client, "slipway", "1.0.0 -> 1.1.0", "client", "feature:upgrade greeter 1.1.0"));
        rows.add(measure(client, "slipway", "1.1.0 -> 1.2.0 (rolled back)", "upgrade", "greeter", "1.2.0",
                "--timeout", "10"));
        rows.add(measure(client, "slipway", "1.1.0 -> 1.3.0 (archive)", "upgrade", archive));
        rows.add(measure(client, "slipway", "rollback 1.3.0 -> 1.1.0", "rollback", "greeter"));
        rows.add(measure(client, "stock", "1.1.0 -> 1.3.0", "client", "feature:install -u greeter/1.3.0"));
        rows.add(measure(client, "stock", "1.3.0 -> 1.1.0", "client", "feature:install -u greeter/1.1.0"));
        write(rows);
    }

    private Row measure(Path client, String path, String change, String... command) throws Exception {
        String name = "N" + System.nanoTime();
        Path stop = work.resolve("stop");
        Path report = work.resolve("load-" + name + ".json");
        Files.deleteIfExists(stop);
        Process load = new ProcessBuilder(javaBinary(), "-cp", client.toString(), "LoadClient", "--name", name,
                "--interval", "5", "--seconds", "120", "--stop-file", stop.toString(), "--out", report.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("load-" + name + ".txt").toFile()).start();
        try {
            Thread.sleep(1000);
            int gateLines = gateLines().size();
            Run run = slipway.slipway(command);
            Thread.sleep(1000);
            Files.writeString(stop, "");
            load.waitFor(60, TimeUnit.SECONDS);
            List<String> gates = gateLines();
            String gate = gates.size() > gateLines ? String.join("; ", gates.subList(gateLines, gates.size())) : "(none)";
            String json = Files.readString(report);
            return new Row(path, change, String.join(" ", command).replace(Archives.greeter("1.3.0").toString(),
                    "greeter-1.3.0.kar"), run.exit(), number(json, "requests"), number(json, "failed"),
                    failures(json), decimal(json, "p50"), decimal(json, "p99"), decimal(json, "max"),
                    json.matches("(?s).*\"continuous\"\\s*:\\s*true.*"), gate);
        } finally {
            load.destroyForcibly();
        }
    }

    private List<String> gateLines() throws Exception {
        Path log = slipway.home().resolve("data/log/karaf.log");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = GATE.matcher(line);
            if (m.find()) {
                lines.add(m.group(2) == null ? "closed " + m.group(1) + " ms, none held"
                        : "closed " + m.group(1) + " ms, " + m.group(2) + " held, longest " + m.group(3) + " ms");
            }
        }
        return lines;
    }

    private static void write(List<Row> rows) throws Exception {
        List<List<String>> table = new ArrayList<>();
        BenchmarkReport report = BenchmarkReport.section("live-load", "Requests under load during a change (process "
                + "test)", "`GET /greet` every 5 ms on new connections (`scripts/LoadClient.java`, a process of its "
                + "own), from 1 s before a change to 1 s after it, on one instance; stock is Karaf's "
                + "`feature:install -u` through `bin/slipway client` on the same instance. The gate column is the "
                + "instance's log.");
        for (Row r : rows) {
            table.add(List.of(r.path(), r.change(), String.valueOf(r.exit()), String.valueOf(r.requests()),
                    r.failed() + (r.failures().isEmpty() ? "" : " (" + r.failures() + ")"), oneDecimal(r.p50()),
                    oneDecimal(r.p99()), oneDecimal(r.max()), r.continuous() ? "yes" : "**no**", r.gate()));
            String measurement = r.change() + ": " + r.command();
            report.value(measurement, r.path(), "requests", "", r.requests())
                    .value(measurement, r.path(), "failed", "", r.failed())
                    .value(measurement, r.path(), "p50", "ms", oneDecimal(r.p50()))
                    .value(measurement, r.path(), "p99", "ms", oneDecimal(r.p99()))
                    .value(measurement, r.path(), "max", "ms", oneDecimal(r.max()))
                    .value(measurement, r.path(), "counts_continue", "", r.continuous());
        }
        report.table(List.of("path", "change", "exit", "requests", "failed", "p50 ms", "p99 ms", "max ms",
                "counts continue", "gate"), table).write();
    }

    private static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private Path compileLoadClient() throws Exception {
        Path classes = work.resolve("load-client");
        Files.createDirectories(classes);
        Path source = Path.of("..", "scripts", "LoadClient.java").toAbsolutePath().normalize();
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "-d",
                classes.toString(), source.toString()).inheritIO().start();
        assertEquals("javac " + source, 0, javac.waitFor());
        return classes;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static double decimal(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*([0-9.]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** @return the failure reasons with their counts, e.g. {@code HTTP 404 x5} */
    private static String failures(String json) {
        Matcher m = Pattern.compile("\"reason\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"count\"\\s*:\\s*(\\d+)").matcher(json);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1) + " x" + m.group(2));
        }
        return String.join("; ", found);
    }
}
