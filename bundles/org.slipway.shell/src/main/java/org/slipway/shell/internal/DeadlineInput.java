package org.slipway.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input that must be read by a deadline: each read waits at most the time left, so that neither an
 * idle peer nor one sending a byte at a time holds a thread past it ({@link SocketTimeoutException}).
 */
final class DeadlineInput extends InputStream {

    private final Socket socket;
    private final InputStream in;
    private volatile long deadline;

    DeadlineInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadline = System.nanoTime();
    }

    /** Reads from now on must be done within {@code millis}. */
    void within(long millis) {
        deadline = System.nanoTime() + millis * 1_000_000L;
    }

    @Override
    public int read() throws IOException {
        arm();
        return in.read();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        arm();
        return in.read(bytes, offset, length);
    }

    private void arm() throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
    }
}
