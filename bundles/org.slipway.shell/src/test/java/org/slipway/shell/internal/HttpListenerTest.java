package org.slipway.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;
import org.slipway.shell.internal.Tokens.Role;

/**
 * The endpoint's server with a front that knows two tokens ("admin", "viewer"): a viewer's work waits until the
 * test lets it go, an admin's answers at once.
 */
public class HttpListenerTest {

    private static final EndpointLimits LIMITS = new EndpointLimits(Duration.ofMillis(700), Duration.ofMillis(700),
            16 * 1024, 1024, 16, 2, 2);

    private final CountDownLatch viewersGo = new CountDownLatch(1);
    private final AtomicInteger viewersWorking = new AtomicInteger();
    private final AtomicInteger worked = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private HttpListener listener;

    @After
    public void stop() throws IOException {
        viewersGo.countDown();
        clients.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    public void idleConnectionsAreAnswered408AfterTheHeadTimeoutWhileTheAdminIsServed() throws Exception {
        listener = HttpListener.start(loopback(), LIMITS, new Front());
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Socket socket = connect();
            socket.getOutputStream().write('G');
            idle.add(socket);
        }
        long began = System.nanoTime();
        assertTrue(request("admin").startsWith("HTTP/1.1 200 OK"));
        assertTrue("answered while 12 connections idle", elapsed(began) < 500);
        for (Socket socket : idle) {
            String answer = readAll(socket);
            assertTrue(answer, answer.startsWith("HTTP/1.1 408 Request Timeout"));
            assertTrue(answer, answer.contains("Connection: close"));
        }
        assertTrue("all closed within a bound of the head timeout", elapsed(began) < 3000);
        assertEquals("no idle connection reached a worker", 1, worked.get());
    }

    @Test
    public void aFullReaderStageClosesTheConnectionThatHasBeenReadingLongest() throws Exception {
        listener = HttpListener.start(loopback(), new EndpointLimits(Duration.ofSeconds(30), Duration.ofSeconds(30),
                1024, 1024, 4, 2, 2), new Front());
        Socket oldest = connect();
        for (int i = 0; i < 3; i++) {
            connect();
        }
        long began = System.nanoTime();
        assertTrue(request("admin").startsWith("HTTP/1.1 200 OK"));
        assertTrue("answered at once, not after the 30 s head timeout", elapsed(began) < 2000);
        assertEquals("closed, unanswered", "", readAll(oldest));
    }

    @Test
    public void viewersBeyondTheirShareGet503RetryAfterAndTheAdminIsStillServed() throws Exception {
        listener = HttpListener.start(loopback(), LIMITS, new Front());
        List<Future<String>> viewers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            viewers.add(clients.submit(() -> request("viewer")));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (viewersWorking.get() < 2) {
            assertTrue("the two viewers never started", System.nanoTime() < deadline);
            Thread.onSpinWait();
        }
        String third = request("viewer");
        assertTrue(third, third.startsWith("HTTP/1.1 503 "));
        assertTrue(third, third.contains("Retry-After: 2"));
        assertTrue(third, third.contains("All 2 viewer threads"));
        assertTrue(request("admin").startsWith("HTTP/1.1 200 OK"));
        viewersGo.countDown();
        for (Future<String> viewer : viewers) {
            assertTrue(viewer.get(5, TimeUnit.SECONDS).startsWith("HTTP/1.1 200 OK"));
        }
    }

    @Test
    public void aWrongTokenIsAnswered401AndNeverReachesAWorker() throws Exception {
        listener = HttpListener.start(loopback(), LIMITS, new Front());
        String answer = request("nobody");
        assertTrue(answer, answer.startsWith("HTTP/1.1 401 Unauthorized"));
        assertEquals(0, worked.get());
    }

    private final class Front implements HttpListener.Front {
        @Override
        public Optional<Role> authenticate(HttpExchange exchange) throws IOException {
            String token = String.valueOf(exchange.head().header("Authorization"));
            Optional<Role> role = token.equals("Bearer admin") ? Optional.of(Role.ADMIN)
                    : token.equals("Bearer viewer") ? Optional.of(Role.VIEWER) : Optional.empty();
            if (role.isEmpty()) {
                exchange.send(401, "no\n");
            }
            return role;
        }

        @Override
        public HttpListener.Work admit(HttpExchange exchange, Role role) {
            return taken -> {
                worked.incrementAndGet();
                if (role == Role.VIEWER) {
                    viewersWorking.incrementAndGet();
                    try {
                        viewersGo.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                taken.send(200, role + "\n");
            };
        }
    }

    private String request(String token) throws IOException {
        Socket socket = connect();
        socket.getOutputStream().write(("GET /releases HTTP/1.0\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return readAll(socket);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        synchronized (sockets) {
            sockets.add(socket);
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port()), 2000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String readAll(Socket socket) throws IOException {
        try (InputStream in = socket.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static long elapsed(long began) {
        return (System.nanoTime() - began) / 1_000_000;
    }
}
