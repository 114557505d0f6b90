package org.slipway.shell.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request on one connection of the management endpoint, and its answer: a body of known length, or a
 * stream that ends when the connection closes ({@code Connection: close} always: one request per connection).
 * Not thread-safe: one thread at a time handles an exchange.
 */
final class HttpExchange implements AutoCloseable {

    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(411, "Length Required"), Map.entry(413, "Content Too Large"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(503, "Service Unavailable"));

    private final Socket socket;
    private final HttpHead head;
    private final String body;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private OutputStream out;

    HttpExchange(Socket socket, HttpHead head, String body) {
        this.socket = socket;
        this.head = head;
        this.body = body;
    }

    HttpHead head() {
        return head;
    }

    /** @return the request body, read whole before the exchange was handed over */
    String body() {
        return body;
    }

    /** Sets a header of the answer; before it is sent. */
    void header(String name, String value) {
        responseHeaders.put(name, value);
    }

    boolean hasHeader(String name) {
        return responseHeaders.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }

    boolean answered() {
        return out != null;
    }

    /** Answers {@code status} with {@code text} (UTF-8 text unless a Content-Type was set) and closes. */
    void send(int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!hasHeader("Content-Type")) {
            header("Content-Type", "text/plain; charset=UTF-8");
        }
        header("Content-Length", Integer.toString(bytes.length));
        OutputStream stream = start(status);
        stream.write(bytes);
        close();
    }

    /** Sends {@code status} and the headers: @return the body, which ends when it is closed */
    OutputStream stream(int status) throws IOException {
        return start(status);
    }

    private OutputStream start(int status) throws IOException {
        if (out != null) {
            throw new IllegalStateException("The answer to " + head.method() + " " + head.path() + " was already sent");
        }
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Status")).append("\r\n");
        responseHeaders.forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        text.append("Connection: close\r\n\r\n");
        out = new BufferedOutputStream(new Closing(socket.getOutputStream()), 8192);
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        return out;
    }

    /**
     * Ends the answer and closes the connection. What the client sent and nobody read (the body of a request
     * refused on its head) is drained for a moment first: closing on unread bytes resets the connection, and
     * the client might never see the answer.
     */
    @Override
    public void close() throws IOException {
        try {
            if (out != null) {
                out.close();
                socket.shutdownOutput();
                DeadlineInput rest = new DeadlineInput(socket);
                rest.within(250);
                rest.readNBytes(64 * 1024);
            }
        } catch (IOException drained) {
            // the client closed first or sent nothing more: either way done
        } finally {
            socket.close();
        }
    }

    /** Reads a body of {@code Content-Length} bytes, at most {@code maxBytes}. */
    static String readBody(HttpHead head, InputStream in, int maxBytes) throws IOException, HttpFailure {
        if (head.header("Transfer-Encoding") != null) {
            throw new HttpFailure(411, "Send the body with a Content-Length, not Transfer-Encoding: "
                    + head.header("Transfer-Encoding"));
        }
        String length = head.header("Content-Length");
        if (length == null) {
            return "";
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new HttpFailure(400, "Content-Length must be a number of bytes, was \"" + length + "\"");
        }
        if (bytes < 0 || bytes > maxBytes) {
            throw new HttpFailure(413, "The body may have up to " + maxBytes + " bytes, Content-Length was " + bytes);
        }
        byte[] read = in.readNBytes((int) bytes);
        if (read.length < bytes) {
            throw new java.io.EOFException("The connection ended after " + read.length + " of " + bytes + " body bytes");
        }
        return new String(read, StandardCharsets.UTF_8);
    }

    /** The socket's stream, which closing shuts down for output only (the socket is closed by the exchange). */
    private static final class Closing extends java.io.FilterOutputStream {
        Closing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
