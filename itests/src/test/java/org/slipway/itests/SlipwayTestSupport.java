package org.slipway.itests;

import static org.junit.Assert.assertFalse;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;


import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.slipway.testkit.Upgrades;
import org.slipway.testkit.exam.SlipwayKarafOptions;

/**
 * Boots the Slipway distribution built by this reactor (not stock Karaf) in Pax Exam's Karaf container, with
 * the test kit's options ({@link SlipwayKarafOptions}) as a user's test would, and gives tests small helpers:
 * the kit's upgrade assertions, shell commands, bundles by symbolic name, HTTP GET, waiting.
 */
public abstract class SlipwayTestSupport {

    protected static final String HTTP = "http://127.0.0.1:8181";

    @Inject
    protected BundleContext context;

    @Inject
    protected FeaturesService features;

    @Inject
    protected SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        String archives = System.getProperty("slipway.archives");
        Option[] distribution = SlipwayKarafOptions.distribution()
                .withVersion(System.getProperty("slipway.version"))
                .withLocalRepository(System.getProperty("org.ops4j.pax.url.mvn.localRepository"))
                .withKeepRuntimeFolder(true)   // target/exam/<run>/data/log stays to read after a failure
                .options();
        return OptionUtils.combine(distribution,
            // The release archives this reactor built, for the deploy tests.
            when(archives != null).useOptions(systemProperty("slipway.archives").value(String.valueOf(archives))));
    }

    /** The test kit's upgrade assertions, on this container. */
    protected Upgrades upgrades() {
        return Upgrades.in(context);
    }

    /**
     * Runs one command in a Karaf shell session inside the container, as a user with the given roles
     * (command ACLs apply), and returns what it printed.
     */
    protected String executeCommand(String command, String... roles) throws Exception {
        Subject subject = new Subject();
        for (String role : roles.length == 0 ? new String[] {"admin"} : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Session session = sessionFactory.create(InputStream.nullInputStream(), out, out);
            try {
                Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            } catch (PrivilegedActionException e) {
                throw e.getException();
            }
            out.flush();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** What a shell command printed, and what it threw ({@code null} when it succeeded). */
    protected record ShellRun(String output, Exception failure) {
    }

    /**
     * Runs one command as {@code admin} like {@link #executeCommand}, but keeps what it printed when it fails
     * (a refusal is printed, then thrown).
     */
    protected ShellRun shell(String command) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new RolePrincipal("admin"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Exception failure = null;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Session session = sessionFactory.create(InputStream.nullInputStream(), out, out);
            try {
                Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            } catch (PrivilegedActionException e) {
                failure = e.getException();
            } finally {
                session.close();
            }
            out.flush();
        }
        return new ShellRun(bytes.toString(StandardCharsets.UTF_8), failure);
    }

    /** The installed bundle with this symbolic name; fails when there is none or more than one. */
    protected Bundle bundle(String symbolicName) {
        Bundle[] found = Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .toArray(Bundle[]::new);
        if (found.length != 1) {
            throw new AssertionError("Expected one bundle " + symbolicName + ", found " + Arrays.toString(found));
        }
        return found[0];
    }

    /** A GET request's status and body. */
    protected record Response(int status, String body) {
    }

    protected static Response get(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(HTTP + path).openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(5000);
        try {
            int status = connection.getResponseCode();
            InputStream stream = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            String body = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, body.strip());
        } finally {
            connection.disconnect();
        }
    }

    /** Polls until {@code condition} holds or {@code timeout} passes; fails with {@code what} then. */
    protected static void waitFor(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until GET /greet answers from greeter {@code release}. */
    protected static void waitForGreeter(String release) throws InterruptedException {
        waitFor("greeter " + release + " answering", Duration.ofSeconds(30), () -> {
            try {
                Response response = get("/greet?name=Probe");
                return response.status() == 200 && response.body().endsWith("[greeter " + release + "]");
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
    }

    /** Every bundle: symbolic name and id to version and state. */
    protected Map<String, String> everyBundle() {
        Map<String, String> all = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            all.put(bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]", bundle.getVersion() + " " + bundle.getState());
        }
        return all;
    }

    /** The features repository deploying greeter-1.3.0.kar adds; its bundles are in no other repository. */
    protected static final String GREETER_1_3_0_REPOSITORY = "mvn:org.slipway.example/greeter/1.3.0/xml/features";
    /** The folder in system/ of greeter 1.3.0's own bundle. */
    protected static final String GREETER_1_3_0_IMPL = "org/slipway/example/org.slipway.example.greeter.impl/1.3.0";

    /** greeter 1.1.0 runs, and nothing of greeter-1.3.0.kar is left: neither its repository nor its files. */
    protected void greeterOneOneWithoutTheArchive() throws Exception {
        features.installFeatures(Set.of("greeter/1.1.0"), EnumSet.of(FeaturesService.Option.Upgrade));
        if (Arrays.stream(features.listRepositories())
                .anyMatch(r -> r.getURI().toString().equals(GREETER_1_3_0_REPOSITORY))) {
            features.removeRepository(URI.create(GREETER_1_3_0_REPOSITORY), false);
        }
        for (String folder : List.of(GREETER_1_3_0_IMPL, "org/slipway/example/greeter/1.3.0")) {
            Path path = system().resolve(folder);
            if (Files.exists(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        waitForGreeter("1.1.0");
    }

    /** @return the last element, failing when there is none */
    protected static <T> T last(List<T> list) {
        assertFalse("history is not empty", list.isEmpty());
        return list.get(list.size() - 1);
    }

    /** The distribution's own Maven repository, Karaf's system/. */
    protected static Path system() {
        return Path.of(System.getProperty("karaf.home"), "system");
    }
}
