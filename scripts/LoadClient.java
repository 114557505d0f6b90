import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Load for the greeter example while it is upgraded live: {@code GET /greet?name=NAME} at a fixed rate, each
 * request on a new connection and a thread of its own, then a summary line on stdout and a JSON report that
 * says whether the counts the server answered stayed continuous across the releases that answered.
 * <p>
 * Run without compiling (Java 17): {@code java scripts/LoadClient.java --help}. Exit status 0 when the run
 * completed, even with failed requests; 1 when the report cannot be written; 2 on bad options.
 */
public final class LoadClient {

    static final String USAGE = """
            Usage: java scripts/LoadClient.java [options]
            Sends GET http://127.0.0.1:PORT/greet?name=NAME every INTERVAL ms on a fixed-rate schedule, each on a
            new connection (requests may overlap, at most %d at a time), until COUNT requests were sent, SECONDS
            have passed or the stop file exists. Prints a summary line; --out writes the JSON report.
              --port N          HTTP port (8181)
              --name NAME       the name to greet (Ada)
              --interval MS     milliseconds between two requests (5)
              --count N         most requests to send (20000)
              --seconds S       longest run in seconds (120)
              --stop-file PATH  stop once this file exists, checked every tick; it must not exist at start
              --out PATH        write the JSON report to PATH
              --timeout S       connect and read timeout of each request in seconds (15)
              --help            this text
            """.formatted(Load.MAX_IN_FLIGHT);

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            System.err.println("LoadClient: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        // A new connection per request, as a real client's would be: no pooled keep-alive connections.
        System.setProperty("http.keepAlive", "false");
        Run run = new Load(options).run();
        Report report = Report.of(run);
        System.out.println(report.summary());
        if (options.out() != null) {
            try {
                Files.writeString(options.out(), Json.write(report.toMap()) + "\n");
            } catch (IOException e) {
                System.err.println("LoadClient: cannot write the report to " + options.out() + ": " + e);
                System.exit(1);
            }
        }
    }

    /** Bad command line: the message names the offending option or value. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The command line. {@code stopFile} and {@code out} may be {@code null}. */
    record Options(int port, String name, long intervalMillis, long maxCount, long maxMillis, Path stopFile,
            Path out, int timeoutMillis) {

        /** @return the options, or {@code null} when help was asked for */
        static Options parse(String[] args) throws UsageException {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    return null;
                }
                if (!arg.startsWith("--")) {
                    throw new UsageException("unexpected argument \"" + arg + "\"");
                }
                int equals = arg.indexOf('=');
                String key = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
                if (!Set.of("port", "name", "interval", "count", "seconds", "stop-file", "out", "timeout")
                        .contains(key)) {
                    throw new UsageException("unknown option \"" + arg + "\"");
                }
                if (equals >= 0) {
                    given.put(key, arg.substring(equals + 1));
                } else if (i + 1 < args.length) {
                    given.put(key, args[++i]);
                } else {
                    throw new UsageException("option --" + key + " needs a value");
                }
            }
            Options options = new Options(
                    (int) number(given, "port", 8181, 1, 65535),
                    text(given, "name", "Ada"),
                    number(given, "interval", 5, 1, 3_600_000),
                    number(given, "count", 20_000, 1, Long.MAX_VALUE),
                    Math.round(seconds(given, "seconds", 120) * 1000),
                    path(given, "stop-file"),
                    path(given, "out"),
                    (int) Math.round(seconds(given, "timeout", 15) * 1000));
            if (options.stopFile() != null && Files.exists(options.stopFile())) {
                throw new UsageException("the stop file " + options.stopFile() + " exists already: remove it first");
            }
            return options;
        }

        private static String text(Map<String, String> given, String key, String fallback) throws UsageException {
            String value = given.getOrDefault(key, fallback);
            if (value.isBlank()) {
                throw new UsageException("--" + key + " must not be blank");
            }
            return value;
        }

        private static Path path(Map<String, String> given, String key) throws UsageException {
            return given.containsKey(key) ? Path.of(text(given, key, null)) : null;
        }

        private static long number(Map<String, String> given, String key, long fallback, long min, long max)
                throws UsageException {
            String value = given.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                long number = Long.parseLong(value.trim());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("--" + key + " must be a whole number from " + min
                    + (max == Long.MAX_VALUE ? " on" : " to " + max) + ", was \"" + value + "\"");
        }

        private static double seconds(Map<String, String> given, String key, double fallback) throws UsageException {
            String value = given.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                double seconds = Double.parseDouble(value.trim());
                if (seconds >= 0.001 && seconds <= 86_400) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("--" + key + " must be a number of seconds from 0.001 to 86400, was \""
                    + value + "\"");
        }
    }

    /** One request's outcome: {@code sent} and {@code done} are nanoseconds since the run started. */
    sealed interface Outcome permits Answer, Failure {
        long seq();

        long sent();
    }

    /** An answered request: its count and the release that answered ({@code "unknown"} when not shown). */
    record Answer(long seq, long sent, long done, long count, String release) implements Outcome {
        double latencyMillis() {
            return (done - sent) / 1e6;
        }
    }

    /**
     * A failed request. {@code reachedServer} is false when it certainly was not counted (never sent, connection
     * refused); {@code detail} is an example for the report, or {@code null}.
     */
    record Failure(long seq, long sent, String reason, String detail, boolean reachedServer) implements Outcome {
    }

    /** What a run produced. {@code stoppedBy} is "count", "duration" or "stop file". */
    record Run(Options options, List<Outcome> outcomes, long elapsedNanos, String stoppedBy) {
    }

    /** Sends the requests on a fixed-rate schedule until a stop condition holds. */
    static final class Load {
        static final int MAX_IN_FLIGHT = 256;
        private static final Pattern COUNT = Pattern.compile("Greeted (\\d+) time");
        private static final Pattern RELEASE = Pattern.compile("\\[greeter ([^\\]\\s]+)\\]");

        private final Options options;
        private final URI uri;
        private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_IN_FLIGHT, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>());
        private final CountDownLatch stopped = new CountDownLatch(1);
        private long start;
        private long sent; // only the scheduler thread touches it
        private volatile String stoppedBy;

        Load(Options options) {
            this.options = options;
            this.uri = URI.create("http://127.0.0.1:" + options.port() + "/greet?name="
                    + URLEncoder.encode(options.name(), StandardCharsets.UTF_8));
        }

        Run run() throws InterruptedException {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            start = System.nanoTime();
            scheduler.scheduleAtFixedRate(this::tick, 0, options.intervalMillis(), TimeUnit.MILLISECONDS);
            stopped.await();
            scheduler.shutdownNow();
            pool.shutdown();
            // Requests in flight end by their own timeouts; wait for them so that every request is reported.
            pool.awaitTermination(2L * options.timeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
            long elapsed = System.nanoTime() - start;
            List<Outcome> all = new ArrayList<>(outcomes);
            all.sort(Comparator.comparingLong(Outcome::seq));
            return new Run(options, all, elapsed, stoppedBy);
        }

        private void tick() {
            try {
                sendNext();
            } catch (RuntimeException e) {
                // A fixed-rate task that throws is never run again: end the run instead of hanging.
                stop("client error: " + e);
            }
        }

        private void sendNext() {
            if (stopped.getCount() == 0) {
                return;
            }
            String reason = stopReason();
            if (reason != null) {
                stop(reason);
                return;
            }
            long seq = sent++;
            // The time the schedule meant to send it: a late tick counts against latency, as the client waited.
            long scheduled = seq * TimeUnit.MILLISECONDS.toNanos(options.intervalMillis());
            try {
                pool.execute(() -> outcomes.add(send(seq, scheduled)));
            } catch (RejectedExecutionException e) {
                outcomes.add(new Failure(seq, scheduled, "client saturated", null, false));
            }
        }

        private void stop(String reason) {
            stoppedBy = reason;
            stopped.countDown();
        }

        private String stopReason() {
            if (sent >= options.maxCount()) {
                return "count";
            }
            if (System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(options.maxMillis())) {
                return "duration";
            }
            if (options.stopFile() != null && Files.exists(options.stopFile())) {
                return "stop file";
            }
            return null;
        }

        private Outcome send(long seq, long scheduled) {
            HttpURLConnection connection = null;
            try {
                connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setConnectTimeout(options.timeoutMillis());
                connection.setReadTimeout(options.timeoutMillis());
                connection.setUseCaches(false);
                connection.setRequestProperty("Connection", "close");
                int status = connection.getResponseCode();
                if (status != 200) {
                    String body = read(connection.getErrorStream());
                    return new Failure(seq, scheduled, "HTTP " + status, snippet(body), true);
                }
                String body = read(connection.getInputStream());
                return answer(seq, scheduled, System.nanoTime() - start, body);
            } catch (IOException | RuntimeException e) {
                return new Failure(seq, scheduled, e.getClass().getName() + ": " + e.getMessage(), null,
                        !(e instanceof ConnectException));
            } finally {
                if (connection != null) {
                    connection.disconnect();
                }
            }
        }

        private static Outcome answer(long seq, long scheduled, long done, String body) {
            Matcher count = COUNT.matcher(body);
            long n = 0;
            if (count.find()) {
                try {
                    n = Long.parseLong(count.group(1));
                } catch (NumberFormatException e) {
                    n = 0; // too large: not a count
                }
            }
            if (n < 1) {
                return new Failure(seq, scheduled, "no \"Greeted N time\" in the body", snippet(body), true);
            }
            Matcher release = RELEASE.matcher(body);
            return new Answer(seq, scheduled, done, n, release.find() ? release.group(1) : "unknown");
        }

        private static String read(InputStream in) throws IOException {
            if (in == null) {
                return "";
            }
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        private static String snippet(String body) {
            String line = body.strip().replaceAll("\\s+", " ");
            return line.length() <= 120 ? line : line.substring(0, 117) + "...";
        }
    }

    /** A release change, in the order of the counts: the last count of the old release, the first of the new. */
    record Transition(String from, String to, long before, long after) {
    }

    /**
     * The count check over the answered counts. {@code missing} numbers of first..last were not answered; up to
     * {@code missingAllowed} (the failed requests that may have been counted) are no gap. A {@code restart} is a
     * count not above one answered before the request was sent.
     */
    record CountCheck(long first, long last, int restarts, long duplicates, long missing, long missingAllowed) {
        /** @return whether the counts are continuous; false when nothing was answered: nothing shows they are */
        boolean continuous() {
            return last > 0 && restarts == 0 && duplicates == 0 && missing <= missingAllowed;
        }

        static CountCheck of(List<Answer> answers, long missingAllowed) {
            if (answers.isEmpty()) {
                return new CountCheck(0, 0, 0, 0, 0, missingAllowed);
            }
            long first = answers.stream().mapToLong(Answer::count).min().getAsLong();
            long last = answers.stream().mapToLong(Answer::count).max().getAsLong();
            long distinct = answers.stream().mapToLong(Answer::count).distinct().count();
            return new CountCheck(first, last, restarts(answers), answers.size() - distinct,
                    last - first + 1 - distinct, missingAllowed);
        }

        /**
         * Requests overlap, so counts may come back out of send order; but a request sent after another was
         * answered must get a higher count. One that does not starts a new epoch: the server forgot its counts.
         */
        static int restarts(List<Answer> answers) {
            List<Answer> bySent = answers.stream().sorted(Comparator.comparingLong(Answer::sent)).toList();
            List<Answer> byDone = answers.stream().sorted(Comparator.comparingLong(Answer::done)).toList();
            int restarts = 0;
            long epochStart = Long.MIN_VALUE; // the send time the current epoch began at
            long floor = 0; // the highest count of this epoch answered before the request at hand was sent
            int done = 0;
            for (Answer answer : bySent) {
                for (; done < byDone.size() && byDone.get(done).done() < answer.sent(); done++) {
                    Answer earlier = byDone.get(done);
                    if (earlier.sent() >= epochStart) {
                        floor = Math.max(floor, earlier.count());
                    }
                }
                if (answer.count() <= floor) {
                    restarts++;
                    epochStart = answer.sent();
                    floor = 0;
                }
            }
            return restarts;
        }
    }

    /** Everything the run showed, as a summary line and a JSON document. */
    record Report(Run run, List<Answer> answers, List<Failure> failures, CountCheck counts,
            List<Transition> transitions) {

        static Report of(Run run) {
            List<Answer> answers = new ArrayList<>();
            List<Failure> failures = new ArrayList<>();
            for (Outcome outcome : run.outcomes()) {
                if (outcome instanceof Answer answer) {
                    answers.add(answer);
                } else {
                    failures.add((Failure) outcome);
                }
            }
            long mayHaveCounted = failures.stream().filter(Failure::reachedServer).count();
            return new Report(run, answers, failures, CountCheck.of(answers, mayHaveCounted), transitions(answers));
        }

        static List<Transition> transitions(List<Answer> answers) {
            List<Answer> byCount = answers.stream()
                    .sorted(Comparator.comparingLong(Answer::count).thenComparingLong(Answer::sent)).toList();
            List<Transition> transitions = new ArrayList<>();
            for (int i = 1; i < byCount.size(); i++) {
                Answer before = byCount.get(i - 1);
                Answer after = byCount.get(i);
                if (!before.release().equals(after.release())) {
                    transitions.add(new Transition(before.release(), after.release(), before.count(), after.count()));
                }
            }
            return transitions;
        }

        /** @return failed requests per reason, the most frequent first */
        Map<String, List<Failure>> failuresByReason() {
            Map<String, List<Failure>> byReason = failures.stream()
                    .collect(Collectors.groupingBy(Failure::reason, LinkedHashMap::new, Collectors.toList()));
            return byReason.entrySet().stream()
                    .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                            LinkedHashMap::new));
        }

        Map<String, Long> releases() {
            return answers.stream().collect(Collectors.groupingBy(Answer::release, TreeMap::new,
                    Collectors.counting()));
        }

        /** @return the latency in ms at percentile {@code p} (nearest rank) of the answered requests; 0 if none */
        double latency(double p) {
            double[] sorted = answers.stream().mapToDouble(Answer::latencyMillis).sorted().toArray();
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return round(sorted[Math.max(0, Math.min(sorted.length, rank) - 1)]);
        }

        String summary() {
            String failed = failuresByReason().entrySet().stream()
                    .map(e -> e.getKey() + " x" + e.getValue().size()).collect(Collectors.joining("; "));
            return String.format(Locale.ROOT, "LoadClient: %d requests, %d failed%s; %s; stopped by %s after %.1f s",
                    run.outcomes().size(), failures.size(), failed.isEmpty() ? "" : " (" + failed + ")",
                    answers.isEmpty() ? "no answers" : answered(), run.stoppedBy(), run.elapsedNanos() / 1e9);
        }

        private String answered() {
            return String.format(Locale.ROOT,
                    "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; releases %s; counts %d..%d %s (missing %d of %d"
                            + " allowed, duplicates %d, restarts %d)%s",
                    latency(50), latency(99), latency(100), releases(), counts.first(), counts.last(),
                    counts.continuous() ? "continuous" : "NOT continuous", counts.missing(),
                    counts.missingAllowed(), counts.duplicates(), counts.restarts(),
                    transitions.isEmpty() ? "" : "; transitions " + transitions.stream()
                            .map(t -> t.from() + "->" + t.to() + " at " + t.before() + "/" + t.after())
                            .collect(Collectors.joining(", ")));
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("url", "http://127.0.0.1:" + run.options().port() + "/greet?name=" + run.options().name());
            map.put("intervalMs", run.options().intervalMillis());
            map.put("stoppedBy", run.stoppedBy());
            map.put("seconds", round(run.elapsedNanos() / 1e9));
            map.put("requests", run.outcomes().size());
            map.put("answered", answers.size());
            map.put("failed", failures.size());
            map.put("failures", failuresByReason().entrySet().stream().map(e -> failureGroup(e.getKey(),
                    e.getValue())).toList());
            Map<String, Object> latency = new LinkedHashMap<>();
            latency.put("p50", latency(50));
            latency.put("p99", latency(99));
            latency.put("max", latency(100));
            map.put("latencyMs", latency);
            map.put("releases", releases());
            map.put("counts", countsMap());
            map.put("countTransitions", transitions.stream().map(t -> {
                Map<String, Object> transition = new LinkedHashMap<>();
                transition.put("from", t.from());
                transition.put("to", t.to());
                transition.put("before", t.before());
                transition.put("after", t.after());
                return transition;
            }).toList());
            return map;
        }

        private static Map<String, Object> failureGroup(String reason, List<Failure> failures) {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("reason", reason);
            group.put("count", failures.size());
            failures.stream().map(Failure::detail).filter(d -> d != null && !d.isEmpty()).findFirst()
                    .ifPresent(detail -> group.put("example", detail));
            return group;
        }

        private Map<String, Object> countsMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("first", counts.first());
            map.put("last", counts.last());
            map.put("continuous", counts.continuous());
            map.put("restarts", counts.restarts());
            map.put("duplicates", counts.duplicates());
            map.put("missing", counts.missing());
            map.put("missingAllowed", counts.missingAllowed());
            return map;
        }

        private static double round(double millis) {
            return Math.round(millis * 10) / 10.0;
        }
    }

    /** Just enough JSON: maps (in their order), lists, strings, numbers, booleans and null. */
    static final class Json {
        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(value, out, "");
            return out.toString();
        }

        private static void write(Object value, StringBuilder out, String indent) {
            if (value instanceof Map<?, ?> map) {
                writeMap(map, out, indent);
            } else if (value instanceof List<?> list) {
                writeList(list, out, indent);
            } else if (value instanceof String text) {
                quote(text, out);
            } else {
                out.append(value); // numbers, booleans, null
            }
        }

        private static void writeMap(Map<?, ?> map, StringBuilder out, String indent) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            String inner = indent + "  ";
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(inner);
                quote(String.valueOf(entry.getKey()), out);
                out.append(": ");
                write(entry.getValue(), out, inner);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        }

        private static void writeList(List<?> list, StringBuilder out, String indent) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            String inner = indent + "  ";
            for (int i = 0; i < list.size(); i++) {
                out.append(inner);
                write(list.get(i), out, inner);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        }

        private static void quote(String text, StringBuilder out) {
            out.append('"');
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
