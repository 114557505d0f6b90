package org.slipway.shell.internal;

/**
 * A request the management endpoint cannot take as sent: answered with {@link #status()} and the message,
 * which names what was wrong with the input, then the connection is closed.
 */
final class HttpFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status that answers it: 400, 408, 411, 413 or 431 */
    int status() {
        return status;
    }
}
