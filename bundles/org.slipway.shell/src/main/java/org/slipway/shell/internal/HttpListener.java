package org.slipway.shell.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slipway.shell.internal.Shares.Place;
import org.slipway.shell.internal.Tokens.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's HTTP server, in three stages: an acceptor thread; a small reader stage that reads each head
 * and body by a deadline, authenticates and answers what it can refuse at once; and worker threads shared out
 * by role ({@link Shares}), which only requests with a valid token reach. {@link EndpointLimits} says how much
 * each stage gives a connection.
 */
final class HttpListener implements AutoCloseable {

    /** What the endpoint makes of a request, on the reader stage: quick decisions only. */
    interface Front {
        /** @return the bearer's role, or empty after answering the exchange (401) */
        Optional<Role> authenticate(HttpExchange exchange) throws IOException;

        /** @return the work to run on a worker of {@code role}'s share, or null after answering (404, 400...) */
        Work admit(HttpExchange exchange, Role role) throws IOException;
    }

    /** A request's work; the exchange is closed after it. */
    interface Work {
        void run(HttpExchange exchange) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    private final ServerSocket server;
    private final EndpointLimits limits;
    private final Front front;
    private final Shares shares;
    private final Semaphore readerPlaces;
    private final Deque<Socket> reading = new ConcurrentLinkedDeque<>();
    private final ExecutorService readers;
    private final ExecutorService workers;
    private final Thread acceptor;
    private volatile boolean closed;

    private HttpListener(ServerSocket server, EndpointLimits limits, Front front) {
        this.server = server;
        this.limits = limits;
        this.front = front;
        this.shares = new Shares(limits.admin(), limits.viewer());
        this.readerPlaces = new Semaphore(limits.readers());
        // Places bound the threads; the spare two cover a thread that has given its place back but not yet ended.
        this.readers = new ThreadPoolExecutor(0, limits.readers() + 2, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> new Thread(r, "slipway-management-reader"));
        this.workers = Executors.newCachedThreadPool(r -> new Thread(r, "slipway-management"));
        this.acceptor = new Thread(this::accept, "slipway-management-acceptor");
    }

    /** Listens on {@code address} and serves until {@link #close()}. */
    static HttpListener start(InetSocketAddress address, EndpointLimits limits, Front front) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 64);
        HttpListener listener = new HttpListener(server, limits, front);
        listener.acceptor.setDaemon(true);
        listener.acceptor.start();
        return listener;
    }

    /** @return the port it listens on */
    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("The management endpoint could not accept a connection", e);
                    pause();
                }
                continue;
            }
            if (!readerPlaces.tryAcquire() && !evictOldestReader()) {
                LOG.debug("All {} readers are busy: closing a new connection", limits.readers());
                quietly(socket);
                continue;
            }
            reading.addLast(socket);
            try {
                readers.execute(() -> read(socket));
            } catch (RejectedExecutionException e) {
                reading.remove(socket);
                readerPlaces.release();
                quietly(socket);
            }
        }
    }

    /**
     * The reader stage is full: the connection that has been reading longest goes (a client that means it sends
     * its head at once; one that waits is the likeliest to be idle on purpose). @return a place was freed
     */
    private boolean evictOldestReader() {
        Socket oldest = reading.pollFirst();
        if (oldest != null) {
            LOG.debug("All {} readers are busy: closing the connection that has been reading longest",
                    limits.readers());
            quietly(oldest);
        }
        try {
            return readerPlaces.tryAcquire(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void read(Socket socket) {
        boolean handedOver = false;
        HttpExchange early = null;
        try {
            DeadlineInput deadline = new DeadlineInput(socket);
            deadline.within(limits.head().toMillis());
            BufferedInputStream in = new BufferedInputStream(deadline);
            HttpHead head = HttpHead.read(in, limits.headBytes());
            early = new HttpExchange(socket, head, "");
            Optional<Role> role = front.authenticate(early);
            if (role.isEmpty()) {
                return;
            }
            deadline.within(limits.body().toMillis());
            HttpExchange exchange = new HttpExchange(socket, head, HttpExchange.readBody(head, in, limits.bodyBytes()));
            early = exchange;
            reading.remove(socket);
            Work work = front.admit(exchange, role.get());
            if (work != null) {
                handedOver = handOver(exchange, role.get(), work);
            }
        } catch (SocketTimeoutException e) {
            refuse(socket, early, 408, "The request was not sent within " + limits.head().toSeconds() + " s (head) and "
                    + limits.body().toSeconds() + " s (body)\n");
        } catch (HttpFailure e) {
            refuse(socket, early, e.status(), e.getMessage() + "\n");
        } catch (IOException | RuntimeException e) {
            LOG.debug("A management connection ended: {}", e.toString());
        } finally {
            reading.remove(socket);
            readerPlaces.release();
            if (!handedOver) {
                quietly(socket);
            }
        }
    }

    private boolean handOver(HttpExchange exchange, Role role, Work work) throws IOException {
        Optional<Place> place = shares.take(role);
        if (place.isEmpty()) {
            exchange.header("Retry-After", "2");
            exchange.send(503, "All " + (role == Role.ADMIN ? limits.admin() + " admin" : limits.viewer() + " viewer")
                    + " threads of the management endpoint are busy; try again in a moment\n");
            return false;
        }
        try {
            workers.execute(() -> {
                try (Place taken = place.get(); exchange) {
                    work.run(exchange);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("A management answer ended: {}", e.toString());
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            place.get().close();
            return false;
        }
    }

    private static void refuse(Socket socket, HttpExchange early, int status, String text) {
        try {
            HttpExchange exchange = early != null ? early
                    : new HttpExchange(socket, new HttpHead("GET", "/", null, java.util.Map.of()), "");
            if (!exchange.answered()) {
                exchange.send(status, text);
            }
        } catch (IOException e) {
            LOG.debug("Could not answer {}: {}", status, e.toString());
        }
    }

    /** Stops accepting, closes every connection and ends every thread. */
    @Override
    public void close() {
        closed = true;
        quietly(server);
        reading.forEach(HttpListener::quietly);
        readers.shutdownNow();
        workers.shutdownNow();
    }

    private static void pause() {
        try {
            Thread.sleep(100); // e.g. out of file descriptors: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing: nothing to do
        }
    }
}
