package org.slipway.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slipway.testkit.LoadReport;

/**
 * GETs one URI at a fixed rate, each request on a new connection and a pooled thread of its own, so that
 * requests overlap while a change holds them; counts every request that gets no 2xx answer as failed. The
 * caller marks when the change began and ended, so that the report can say how many requests it overlapped.
 * <p>
 * Thread-safe; {@link #stop()} once.
 */
public final class HttpLoad {

    /** Longer than the gate's default hold timeout (10 s): a held request is not failed by the client. */
    static final int TIMEOUT_MILLIS = 15_000;
    /**
     * The most requests in flight whatever the interval: a request unanswered for {@link #TIMEOUT_MILLIS} fails by
     * its own timeout, so the client needs {@code TIMEOUT_MILLIS / interval} of them before it could saturate (a
     * busy machine stretches a change's hold; a client that ran out of threads first would count its own limit as
     * the server's failures).
     */
    private static final int MOST_IN_FLIGHT = 4_000;
    private static final int FAILURES_KEPT = 10;

    private final URI target;
    private final Duration interval;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor pool;
    private final int maxInFlight;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private volatile long changeBegan = -1;
    private volatile long changeEnded = -1;

    private HttpLoad(URI target, Duration interval) {
        this.target = target;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "slipway-testkit-load"));
        this.maxInFlight = maxInFlight(interval);
        this.pool = new ThreadPoolExecutor(0, maxInFlight, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> thread(r, "slipway-testkit-request"));
    }

    /** @return enough requests in flight that each one's timeout ends it before the client runs out of them */
    static int maxInFlight(Duration interval) {
        long perTimeout = TIMEOUT_MILLIS * 1_000_000L / Math.max(1, interval.toNanos());
        return (int) Math.min(MOST_IN_FLIGHT, perTimeout + 16);
    }

    /** Starts sending at once. */
    public static HttpLoad start(URI target, Duration interval) {
        HttpLoad load = new HttpLoad(target, interval);
        load.scheduler.scheduleAtFixedRate(load::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return load;
    }

    /**
     * Waits until at least one request was answered (or failed), at most {@code timeout}: the load is running
     * before the change begins.
     */
    public void awaitFirstAnswer(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.stream().noneMatch(Request::done) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Marks the start of the change. */
    public void changeBegins() {
        changeBegan = System.nanoTime() - start;
    }

    /** Marks the end of the change. */
    public void changeEnded() {
        changeEnded = System.nanoTime() - start;
    }

    /** Stops sending, waits for every request in flight; @return what the load saw */
    public LoadReport stop() throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        pool.shutdown();
        boolean ended = pool.awaitTermination(2L * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        List<Request> all = new ArrayList<>(requests);
        long began = changeBegan;
        long end = changeEnded < 0 ? Long.MAX_VALUE : changeEnded;
        int failed = 0;
        int during = 0;
        long longest = 0;
        List<String> failures = new ArrayList<>();
        for (Request request : all) {
            if (!request.done()) {
                failed++;
                addFailure(failures, request.sent - Math.max(began, 0), "no answer when the load stopped");
                continue;
            }
            if (began >= 0 && request.sent <= end && request.answered >= began) {
                during++;
            }
            longest = Math.max(longest, (request.answered - request.sent) / 1_000_000);
            if (request.failure != null) {
                failed++;
                addFailure(failures, request.sent - Math.max(began, 0), request.failure);
            }
        }
        if (!ended) {
            addFailure(failures, 0, "requests still in flight " + 2 * TIMEOUT_MILLIS + " ms after the load stopped");
        }
        return new LoadReport(target, interval, all.size(), failed, during, longest, failures);
    }

    private static void addFailure(List<String> failures, long sentRelativeNanos, String what) {
        if (failures.size() < FAILURES_KEPT) {
            failures.add(String.format("sent at %+d ms: %s", sentRelativeNanos / 1_000_000, what));
        }
    }

    private void tick() {
        Request request = new Request(System.nanoTime() - start);
        requests.add(request);
        try {
            pool.execute(() -> send(request));
        } catch (RejectedExecutionException e) {
            request.end(System.nanoTime() - start, "client saturated: " + maxInFlight + " requests in flight");
        }
    }

    private void send(Request request) {
        String failure;
        try {
            HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setUseCaches(false);
            connection.setRequestProperty("Connection", "close");
            try {
                int status = connection.getResponseCode();
                InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
                String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
                failure = status >= 200 && status < 300 ? null : "HTTP " + status + " " + abbreviate(text);
            } finally {
                connection.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        }
        request.end(System.nanoTime() - start, failure);
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One request: sent and answered in ns since the load began; the failure, or {@code null}. */
    private static final class Request {
        final long sent;
        volatile long answered = -1;
        volatile String failure;

        Request(long sent) {
            this.sent = sent;
        }

        boolean done() {
            return answered >= 0;
        }

        void end(long at, String why) {
            failure = why;
            answered = at;
        }
    }
}
