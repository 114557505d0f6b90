package org.slipway.shell.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A streamed answer's body: the status (200) and headers go out with the first byte, so that an error found
 * before anything was written can still be answered with its own status.
 */
final class LazyBody extends OutputStream {

    private final HttpExchange exchange;
    private OutputStream body;

    LazyBody(HttpExchange exchange) {
        this.exchange = exchange;
    }

    boolean started() {
        return body != null;
    }

    @Override
    public void write(int b) throws IOException {
        start().write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        start().write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        if (body != null) {
            body.flush();
        }
    }

    /** Ends the answer (an empty one when nothing was written). */
    void finish() throws IOException {
        start().flush();
    }

    private OutputStream start() throws IOException {
        if (body == null) {
            exchange.header("Content-Type", "text/plain; charset=UTF-8");
            body = exchange.stream(200);
        }
        return body;
    }
}
