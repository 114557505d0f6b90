package org.slipway.gate.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slipway.api.CallGate;
import org.slipway.gate.Gate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate of the instance, offered three ways: {@link Gate} to the release engine, {@link CallGate} to
 * in-VM callers, and a Jetty {@link HttpConfiguration.Customizer}, which Pax Web adds to every connector
 * and Jetty runs for each request before the server looks up a context, filter or servlet. A request held
 * there is dispatched after the gate opens, to the servlets registered then.
 */
@Component(service = { Gate.class, CallGate.class, HttpConfiguration.Customizer.class },
        configurationPid = "org.slipway.gate")
@Designate(ocd = GateComponent.Config.class)
public final class GateComponent implements Gate, CallGate, HttpConfiguration.Customizer {

    @ObjectClassDefinition(name = "Slipway call gate",
            description = "Holds calls into the application while a change swaps its bundles")
    public @interface Config {
        @AttributeDefinition(description = "How long a call is held at most, in milliseconds; then an HTTP "
                + "request is answered 503 with Retry-After and an in-VM call fails with a TimeoutException")
        long holdTimeoutMillis() default 10_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GateComponent.class);

    private final Turnstile turnstile;
    private final Inside inside = new Inside();
    private final HttpHold http;

    @Activate
    public GateComponent(Config config) {
        this.turnstile = new Turnstile(Duration.ofMillis(config.holdTimeoutMillis()));
        this.http = new HttpHold(turnstile, inside);
    }

    @Deactivate
    void deactivate() {
        http.close();
    }

    @Modified
    void modified(Config config) {
        turnstile.holdTimeout(Duration.ofMillis(config.holdTimeoutMillis()));
    }

    @Override
    public Hold close(Duration quiet) throws InterruptedException {
        Hold hold = turnstile.close(quiet, report -> LOG.info("Gate open again {}", report));
        LOG.debug("Gate closed; {} calls still running after {} ms", hold.stillRunning(), quiet.toMillis());
        return hold;
    }

    @Override
    public <T> T call(Callable<T> call) throws Exception {
        if (inside.now()) {
            return call.call();
        }
        if (!turnstile.enter()) {
            throw new TimeoutException("Held " + turnstile.holdTimeout().toMillis()
                    + " ms while a change swapped the application's bundles; the call did not run");
        }
        inside.enter();
        try {
            return call.call();
        } finally {
            inside.exit();
            turnstile.exit();
        }
    }

    @Override
    public void customize(Connector connector, HttpConfiguration configuration, Request request) {
        http.hold(connector, request);
    }
}
