package org.slipway.itests;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmarks' common report: {@code itests/target/benchmark.md} (Markdown) and {@code benchmark.csv} (long
 * format: {@code benchmark,measurement,variant,statistic,unit,value}), created with a description of the machine
 * by the first benchmark that writes, then appended by each benchmark, one section each ({@code mvn clean} resets
 * both). A comparison shows Slipway's samples next to stock Karaf's of the same run, min / median / max, and the
 * ratio of the medians, Slipway ÷ stock. Not thread-safe: one benchmark writes at a time. Nothing here asserts a
 * time.
 */
final class BenchmarkReport {

    /** Where the report goes; failsafe sets it, a Pax Exam container finds it from its own folder. */
    static final String DIRECTORY = "slipway.benchmark.dir";

    /** One side of a comparison: how it was measured, and the samples. */
    record Side(String how, List<? extends Number> samples) {
        Side {
            Objects.requireNonNull(how, "how");
            samples = List.copyOf(samples);
        }
    }

    /** Count, min, median (the mean of the two middle samples for an even count) and max. */
    record Stats(int n, double min, double median, double max) {
        static Stats of(List<? extends Number> samples) {
            List<Double> sorted = samples.stream().map(Number::doubleValue).sorted().toList();
            if (sorted.isEmpty()) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
            }
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Stats(n, sorted.get(0), median, sorted.get(n - 1));
        }
    }

    private final String benchmark;
    private final StringBuilder markdown = new StringBuilder();
    private final List<List<String>> csv = new ArrayList<>();
    private boolean inComparisonTable;

    private BenchmarkReport(String benchmark, String title, String description) {
        this.benchmark = benchmark;
        markdown.append("## ").append(title).append("\n\n_").append(benchmark).append(", ")
                .append(LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS)).append("_. ").append(description)
                .append("\n\n");
    }

    /** Starts the section of {@code benchmark} (its CSV key, e.g. {@code upgrade}). */
    static BenchmarkReport section(String benchmark, String title, String description) {
        return new BenchmarkReport(benchmark, title, description);
    }

    /** A measurement taken both ways: two rows, Slipway's with the ratio of the medians. */
    BenchmarkReport compare(String measurement, String unit, Side slipway, Side stock) {
        Stats mine = Stats.of(slipway.samples());
        Stats theirs = Stats.of(stock.samples());
        double ratio = mine.median() / Math.max(theirs.median(), 1e-9);
        String shown = String.format(Locale.ROOT, "**%.2f**", ratio);
        row(measurement + ", " + unit, "Slipway: " + slipway.how(), mine, shown);
        row("", "stock: " + stock.how(), theirs, "");
        values(measurement, "slipway: " + slipway.how(), unit, mine);
        values(measurement, "stock: " + stock.how(), unit, theirs);
        value(measurement, "slipway/stock", "ratio_of_medians", "", String.format(Locale.ROOT, "%.3f", ratio));
        return this;
    }

    /** A measurement with nothing to compare it with. */
    BenchmarkReport samples(String measurement, String unit, Side side) {
        Stats stats = Stats.of(side.samples());
        row(measurement + ", " + unit, side.how(), stats, "");
        values(measurement, side.how(), unit, stats);
        return this;
    }

    /** A paragraph of text (Markdown). */
    BenchmarkReport note(String text) {
        endComparisonTable();
        markdown.append(text).append("\n\n");
        return this;
    }

    /** A table of its own (Markdown only; add the numbers to the CSV with {@link #value}). */
    BenchmarkReport table(List<String> header, List<List<String>> rows) {
        endComparisonTable();
        markdown.append(tableRow(header)).append(header.stream().map(h -> "---")
                .collect(Collectors.joining("|", "|", "|\n")));
        rows.forEach(r -> markdown.append(tableRow(r)));
        markdown.append('\n');
        return this;
    }

    /** One CSV row. */
    BenchmarkReport value(String measurement, String variant, String statistic, String unit, Object value) {
        csv.add(List.of(benchmark, measurement, variant, statistic, unit, String.valueOf(value)));
        return this;
    }

    /** Appends this section to both files (creating them, with the machine, on first use) and prints it. */
    void write() throws IOException {
        endComparisonTable();
        if (System.getProperty(DIRECTORY) == null && System.getProperty("karaf.home") != null) {
            note("_Karaf JVM (Pax Exam container) options: `" + String.join(" ", ManagementFactory.getRuntimeMXBean()
                    .getInputArguments().stream().filter(a -> a.startsWith("-X")).toList()) + "`._");
            endComparisonTable();
        }
        Path directory = directory();
        Files.createDirectories(directory);
        Path md = directory.resolve("benchmark.md");
        Path csvFile = directory.resolve("benchmark.csv");
        Machine machine = Machine.describe();
        if (!Files.exists(md)) {
            Files.writeString(md, machine.markdown());
        }
        if (!Files.exists(csvFile)) {
            StringBuilder header = new StringBuilder("benchmark,measurement,variant,statistic,unit,value\n");
            machine.facts().forEach((k, v) -> header.append(csvLine(List.of("machine", k, "", "value", "", v))));
            Files.writeString(csvFile, header);
        }
        append(md, markdown.toString());
        append(csvFile, csv.stream().map(BenchmarkReport::csvLine).collect(Collectors.joining()));
        System.out.print(markdown);
    }

    /** The report's folder: {@value #DIRECTORY}, else {@code target/} above a Pax Exam container, else ./target. */
    static Path directory() {
        String configured = System.getProperty(DIRECTORY);
        if (configured != null) {
            return Path.of(configured);
        }
        String karafHome = System.getProperty("karaf.home");
        if (karafHome != null) { // a Pax Exam container, unpacked at itests/target/exam/<uuid>/
            return Path.of(karafHome).toAbsolutePath().getParent().getParent();
        }
        return Path.of("target").toAbsolutePath();
    }

    /**
     * The JVM options of a benchmark's Pax Exam container, which starts Karaf's JVM itself (not through
     * {@code bin/karaf}, so without {@code bin/setenv}): {@code -Dslipway.benchmark.vmOptions} when given (blank:
     * none), else the server options the distribution's {@code bin/setenv} sets, so that upgrades are measured on
     * the JVM the distribution ships with.
     */
    static String[] containerJvmOptions() {
        String options = System.getProperty("slipway.benchmark.vmOptions");
        if (options == null) {
            options = setenvOptions();
        }
        return options.isBlank() ? new String[0] : options.strip().split("\\s+");
    }

    private static String setenvOptions() {
        try {
            Path setenv = Files.createTempFile("setenv", "");
            Process shell = new ProcessBuilder("sh", "-c", "tar xzf \"$1\" --wildcards -O '*/bin/setenv' > \"$2\" || "
                    + "exit 1; unset EXTRA_JAVA_OPTS; KARAF_SCRIPT=karaf; . \"$2\"; printf '%s' \"$EXTRA_JAVA_OPTS\"",
                    "setenv", System.getProperty("slipway.distribution"), setenv.toString())
                    .redirectErrorStream(true).start();
            String options = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Files.delete(setenv);
            if (shell.waitFor() != 0) {
                throw new IllegalStateException("Cannot read bin/setenv of the distribution: " + options);
            }
            return options;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Cannot read bin/setenv of the distribution: " + e, e);
        }
    }

    private void row(String measurement, String how, Stats stats, String ratio) {
        if (!inComparisonTable) {
            markdown.append("| measurement | path | n | min | median | max | Slipway ÷ stock |\n"
                    + "|---|---|---:|---:|---:|---:|---:|\n");
            inComparisonTable = true;
        }
        markdown.append(tableRow(List.of(measurement, how, String.valueOf(stats.n()), number(stats.min()),
                number(stats.median()), number(stats.max()), ratio)));
    }

    private void values(String measurement, String variant, String unit, Stats stats) {
        value(measurement, variant, "n", "", stats.n());
        value(measurement, variant, "min", unit, number(stats.min()));
        value(measurement, variant, "median", unit, number(stats.median()));
        value(measurement, variant, "max", unit, number(stats.max()));
    }

    private void endComparisonTable() {
        if (inComparisonTable) {
            markdown.append('\n');
            inComparisonTable = false;
        }
    }

    /** Whole numbers as such, others with one decimal. */
    static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String tableRow(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|").replace("\n", " "))
                .collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    private static String csvLine(List<String> fields) {
        return fields.stream().map(f -> f.matches("(?s).*[,\"\n].*") ? "\"" + f.replace("\"", "\"\"") + "\"" : f)
                .collect(Collectors.joining(",", "", "\n"));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The machine the numbers come from. */
    record Machine(java.util.Map<String, String> facts) {

        static Machine describe() {
            java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
            facts.put("cores", Runtime.getRuntime().availableProcessors() + " (" + firstMatch("/proc/cpuinfo",
                    "model name\\s*:\\s*(.+)") + ")");
            facts.put("memory", memory());
            facts.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("java.vm.vendor") + ")");
            facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch") + " (" + firstMatch("/etc/os-release", "PRETTY_NAME=\"?([^\"]+)\"?")
                    + ")");
            facts.put("written", LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
            return new Machine(facts);
        }

        String markdown() {
            StringBuilder md = new StringBuilder("# Slipway benchmark\n\nWritten by `mvn -B verify -pl itests "
                    + "-Pbenchmark` (after `mvn -B install -DskipTests`). Each section comes from one benchmark class; "
                    + "its rounds are interleaved (Slipway and stock Karaf take turns, the order alternating), and a "
                    + "ratio is Slipway's median ÷ stock's median from the same run. Nothing here is asserted: these "
                    + "are measurements, not tests.\n\n| machine | |\n|---|---|\n");
            facts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            return md.append('\n').toString();
        }

        private static String memory() {
            String kib = firstMatch("/proc/meminfo", "MemTotal:\\s*(\\d+) kB");
            return kib.equals("?") ? "?"
                    : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kib) / 1024.0 / 1024.0);
        }

        private static String firstMatch(String file, String regex) {
            try {
                Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(Path.of(file)));
                return m.find() ? m.group(1).strip() : "?";
            } catch (IOException | RuntimeException unreadable) {
                return "?";
            }
        }
    }
}
