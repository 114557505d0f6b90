package org.slipway.gate.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP requests at the gate, in Jetty's terms. {@link #hold(Connector, Request)} runs as a customizer, before
 * the server looks up a context: it holds the request while the gate is closed and answers 503 when held too
 * long. To know when a request has ended (asynchronous ones included) this object is also an
 * {@link HttpChannel.Listener}, added as a bean to each connector it sees; Jetty 9.4 tells connector beans of
 * every request of the connections opened after that. A request on a connection opened before is held all
 * the same, but not counted as running.
 */
final class HttpHold implements HttpChannel.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpHold.class);
    /**
     * Request attributes, each holding the {@code HttpHold} they are about: a gate component that was replaced
     * (its listener may stay on connections opened before) must not count for this one, and Pax Web may add a
     * customizer to a connector's configuration twice, which must not count a request twice.
     */
    private static final String TRACKED = HttpHold.class.getName() + ".tracked";
    private static final String SEEN = HttpHold.class.getName() + ".seen";
    private static final String ENTERED = HttpHold.class.getName() + ".entered";

    private final Turnstile turnstile;
    private final Inside inside;
    private final Set<ContainerLifeCycle> connectors = ConcurrentHashMap.newKeySet();

    HttpHold(Turnstile turnstile, Inside inside) {
        this.turnstile = turnstile;
        this.inside = inside;
    }

    void hold(Connector connector, Request request) {
        if (request.getAttribute(SEEN) == this) {
            return;
        }
        request.setAttribute(SEEN, this);
        inside.reset();
        track(connector);
        boolean counted = request.getAttribute(TRACKED) == this;
        boolean entered;
        try {
            entered = counted ? turnstile.enter() : turnstile.pass();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entered = false;
        }
        if (!entered) {
            refuse(request);
            return;
        }
        if (counted) {
            request.setAttribute(ENTERED, this);
        }
        inside.enter();
    }

    /** Stops listening to the connectors: the gate is going away. */
    void close() {
        connectors.forEach(c -> c.removeBean(this));
        connectors.clear();
    }

    @Override
    public void onRequestBegin(Request request) {
        request.setAttribute(TRACKED, this);
    }

    @Override
    public void onAfterDispatch(Request request) {
        inside.reset();
    }

    @Override
    public void onComplete(Request request) {
        if (request.getAttribute(ENTERED) == this) {
            request.removeAttribute(ENTERED);
            turnstile.exit();
        }
    }

    private void track(Connector connector) {
        if (connector instanceof ContainerLifeCycle container && connectors.add(container)) {
            container.addBean(this);
        }
    }

    private void refuse(Request request) {
        Response response = request.getResponse();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "1");
        response.setContentType("text/plain;charset=UTF-8");
        try {
            response.getOutputStream().write(("Held " + turnstile.holdTimeout().toMillis() + " ms while a change "
                    + "swapped the application; try again\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("Could not write the 503 answer of a held request", e);
        }
        request.setHandled(true);
    }
}
