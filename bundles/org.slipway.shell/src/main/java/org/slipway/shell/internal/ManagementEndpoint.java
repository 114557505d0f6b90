package org.slipway.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slipway.api.DeployService;
import org.slipway.api.ReleaseService;
import org.slipway.shell.internal.Operations.Operation;
import org.slipway.shell.internal.Params.BadRequest;
import org.slipway.shell.internal.Tokens.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The automation API: the shell's release operations over HTTP on the loopback interface only, with a bearer
 * token per role ({@link Tokens}). A small HTTP/1.1 server of its own ({@link HttpListener}): no web stack of the
 * application's (Pax Web's Jetty, whose requests the gate holds during a change) and no SSH handshake, so
 * {@code bin/slipway} and automation get an answer in milliseconds; it bounds the time a connection may take to
 * send its request and keeps a share of its threads for the admin token ({@link EndpointLimits}). Answers carry {@code Slipway-Outcome} and {@code Slipway-Exit}
 * headers (the exit status {@code bin/slipway} gives).
 */
@Component(immediate = true, configurationPid = "org.slipway.management")
@Designate(ocd = ManagementEndpoint.Config.class)
public final class ManagementEndpoint {

    @ObjectClassDefinition(name = "Slipway management endpoint")
    public @interface Config {
        @AttributeDefinition(description = "Port on 127.0.0.1; 0 turns the endpoint off")
        int port() default 8102;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ManagementEndpoint.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ReleaseService releases;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeployService deployer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;

    private BundleContext context;
    /** {@link System#nanoTime()} when the framework had started all its bundles; 0 before. */
    private volatile long frameworkStarted;
    private FrameworkListener started;
    private HttpListener server;
    private Tokens tokens;

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        this.context = context;
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            frameworkStarted = System.nanoTime();
        } else {
            started = event -> {
                if (event.getType() == FrameworkEvent.STARTED) {
                    frameworkStarted = System.nanoTime();
                }
            };
            context.addFrameworkListener(started);
        }
        if (config.port() == 0) {
            return;
        }
        tokens = Tokens.in(Path.of(context.getProperty("karaf.data"), "slipway", "management"));
        // A change runs for seconds, a changelog of a large feature too: the admin's share of the threads is
        // its own, so that neither viewers nor connections that send nothing keep an operator waiting.
        server = HttpListener.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()),
                EndpointLimits.DEFAULTS, new Front());
        LOG.info("Slipway management endpoint on http://{}:{}/", InetAddress.getLoopbackAddress().getHostAddress(),
                config.port());
    }

    @Deactivate
    void deactivate() {
        if (started != null) {
            context.removeFrameworkListener(started);
        }
        if (server != null) {
            server.close();
        }
    }

    /** The reader stage's front: the token, the operation, the readiness and the parameters, nothing slow. */
    private final class Front implements HttpListener.Front {

        @Override
        public Optional<Role> authenticate(HttpExchange exchange) throws IOException {
            Optional<Role> role = tokens.role(exchange.head().header("Authorization"));
            if (role.isEmpty()) {
                exchange.header("WWW-Authenticate", "Bearer realm=\"slipway\"");
                exchange.send(401, "Missing or wrong bearer token (data/slipway/management/*.token)\n");
            }
            return role;
        }

        @Override
        public HttpListener.Work admit(HttpExchange exchange, Role role) throws IOException {
            HttpHead head = exchange.head();
            Operation operation = Operation.at(head.path());
            if (operation == null) {
                exchange.send(404, "No operation " + head.path()
                        + "; there are /releases, /history, /changelog, /upgrade, /rollback, /deploy\n");
            } else if (!head.method().equals(operation.changes ? "POST" : "GET")) {
                exchange.send(405, "Use " + (operation.changes ? "POST" : "GET") + " for " + operation + "\n");
            } else if (operation.role == Role.ADMIN && role != Role.ADMIN) {
                exchange.send(403, "The viewer token may read only; " + operation + " needs the admin token\n");
            } else {
                return admitted(exchange, operation);
            }
            return null;
        }
    }

    private HttpListener.Work admitted(HttpExchange exchange, Operation operation) throws IOException {
        ReleaseService releaseService = releases;
        DeployService deployService = deployer;
        if (releaseService == null || deployService == null) {
            long startedAt = frameworkStarted;
            Duration since = startedAt == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startedAt);
            Readiness readiness = Readiness.of(Readiness.facts(context, scr, since));
            exchange.send(readiness.status(), readiness.text() + (readiness.status() == 503 ? "; try again\n" : "\n"));
            return null;
        }
        Params params;
        try {
            params = Params.of(exchange.head().rawQuery(), exchange.body());
        } catch (BadRequest e) {
            exchange.send(400, e.getMessage() + "\n");
            return null;
        }
        Operations operations = new Operations(releaseService, deployService);
        boolean text = String.valueOf(exchange.head().header("Accept")).startsWith("text/plain");
        return taken -> {
            try {
                if (text) {
                    streamed(taken, operations, operation, params);
                } else {
                    buffered(taken, operations, operation, params);
                }
            } catch (RuntimeException e) {
                LOG.warn("Management request {} {} failed", exchange.head().method(), exchange.head().path(), e);
                if (!taken.answered()) {
                    send(taken, 500, "Failed: " + e + "\n");
                }
            }
        };
    }

    /** JSON: the whole answer at the end, with the outcome and bin/slipway's exit status as headers. */
    private void buffered(HttpExchange exchange, Operations operations, Operation operation, Params params)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            String outcome = operations.run(operation, params, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                    true, Printer.Watch.NONE);
            int exit = Operations.exit(outcome);
            if (outcome != null) {
                exchange.header("Slipway-Outcome", outcome);
            }
            exchange.header("Slipway-Exit", Integer.toString(exit));
            exchange.header("Content-Type", "application/json");
            String body = bytes.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith(Printer.OUTCOME)).collect(Collectors.joining("\n", "", "\n"));
            send(exchange, exit == 0 ? 200 : exit == 4 ? 409 : 500, body);
        } catch (BadRequest e) {
            send(exchange, 400, e.getMessage() + "\n");
        } catch (Exception e) {
            LOG.warn("Management operation {} failed", operation, e);
            send(exchange, 500, "Failed: " + e + "\n");
        }
    }

    /**
     * Text, as the shell prints it, streamed: a change's steps as they happen, then the result and the
     * outcome line ({@code slipway-outcome: COMMITTED}), which is what tells the outcome, since the status
     * (200) goes out with the first line.
     */
    private void streamed(HttpExchange exchange, Operations operations, Operation operation, Params params)
            throws IOException {
        LazyBody body = new LazyBody(exchange);
        PrintStream out = new PrintStream(body, true, StandardCharsets.UTF_8);
        try {
            operations.run(operation, params, out, params.flag("json"), new StepWatch(context));
            out.flush();
        } catch (BadRequest e) {
            if (body.started()) {
                out.println(e.getMessage());
            } else {
                send(exchange, 400, e.getMessage() + "\n");
                return;
            }
        } catch (Exception e) {
            LOG.warn("Management operation {} failed", operation, e);
            if (!body.started()) {
                send(exchange, 500, "Failed: " + e + "\n");
                return;
            }
            out.println("Failed: " + e);
        }
        body.finish();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        exchange.send(status, body);
    }
}
