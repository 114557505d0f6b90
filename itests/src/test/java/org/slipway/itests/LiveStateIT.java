package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slipway.api.CallGate;
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployService;
import org.slipway.api.HistoryEntry;
import org.slipway.api.LiveState;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult.Outcome;
import org.slipway.testkit.UpgradeReport;

/**
 * The application's in-memory state across live changes, on the real distribution: greeter's counts (the
 * {@link LiveState} {@code greeter.counts}) survive an upgrade that migrates their shape, a failed upgrade, a
 * rollback to the older shape, and requests keep being answered, in order, while the releases change under
 * load. Test bundles compiled at test time ({@link StateBundles}) show what a state that cannot be taken or
 * taken over does to a change. Every test starts from a fresh greeter 1.0.0 that has greeted nobody.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveStateIT extends SlipwayTestSupport {

    private static final String GREETER = "greeter";
    private static final String IMPL = "org.slipway.example.greeter.impl";
    /** The greeter service's interface, named only: the probe must not wire to the greeter API it upgrades. */
    private static final String GREETER_SERVICE = "org.slipway.example.greeter.api.Greeter";
    /** System property, set for the container, naming the folder {@link StateBundles} built. */
    private static final String STATE_BUNDLES = "slipway.livestate.bundles";
    private static final Pattern COUNT = Pattern.compile("Greeted (\\d+) times?\\.");
    private static final Pattern RELEASE = Pattern.compile("\\[greeter (\\S+)\\]$");

    @Inject
    protected ReleaseService releases;

    @Inject
    protected CallGate gate;

    @Inject
    protected DeployService deployer;

    @Override
    @Configuration
    public Option[] config() {
        Path bundles = StateBundles.build(Path.of("target", "livestate", "bundles"));
        return OptionUtils.combine(super.config(), systemProperty(STATE_BUNDLES).value(bundles.toString()));
    }

    @Before
    public void freshGreeterOneThatGreetedNobody() throws Exception {
        Optional<String> installed = releases.installedVersion(GREETER);
        if (installed.isPresent()) {
            features.uninstallFeature(GREETER, installed.get());
        }
        features.installFeature(GREETER, "1.0.0", EnumSet.noneOf(FeaturesService.Option.class));
        awaitGreeterWithoutGreeting("1.0.0");
    }

    @Test
    public void countsSurviveTheUpgradeToOneOneWhichMigratesTheOldShape() throws Exception {
        assertEquals("Hello, Ada! Greeted 1 time. [greeter 1.0.0]", greet("Ada"));
        assertEquals("Hello, Ada! Greeted 2 times. [greeter 1.0.0]", greet("Ada"));
        assertEquals("Hello, Ada! Greeted 3 times. [greeter 1.0.0]", greet("Ada"));

        UpgradeReport report = upgrades().upgrade(GREETER, "1.1.0")
                .withLoad(URI.create(HTTP + "/greet?name=Load"))
                .after("1.1.0 takes Ada's count", () -> greet("Ada").replaceFirst(" \\d+ greetings in all\\.", ""),
                        "Welcome, Ada! Greeted 4 times. [greeter 1.1.0]")
                .after("1.1.0 sums 1.0.0's counts into its total: every greeting not to Load was Ada's",
                        () -> totalButCountOf("Load"), 4L)
                .expectLive();

        assertEquals("1.0.0", report.result().plan().from());
        assertTrue("the load ran through the change: " + report.load(), report.load().duringChange() > 0);
        String journal = journal(last(releases.history(GREETER)));
        assertTrue("the change journaled 1.0.0's shape: " + journal,
                journal.contains("\\\"version\\\":\\\"1.0.0\\\"") && journal.contains("\\\"Ada\\\":3")
                        && !journal.contains("total"));
    }

    @Test
    public void countsSurviveAFailedUpgradeThatIsRolledBack() throws Exception {
        releases.upgrade(UpgradeRequest.of(GREETER, "1.1.0"));
        assertEquals("Welcome, Ada! Greeted 1 time. 1 greeting in all. [greeter 1.1.0]", greet("Ada"));
        assertEquals("Welcome, Ada! Greeted 2 times. 2 greetings in all. [greeter 1.1.0]", greet("Ada"));

        UpgradeReport report = upgrades().upgrade(GREETER, "1.2.0").withTimeout(Duration.ofSeconds(10))
                .after("1.1.0 runs again with the counts it gave", () -> greet("Ada"),
                        "Welcome, Ada! Greeted 3 times. 3 greetings in all. [greeter 1.1.0]")
                .expectRolledBack("failed to activate");

        assertEquals("1.1.0", report.result().running());
    }

    @Test
    public void countsSurviveARollbackToOneZeroWhichIgnoresTheNewerTotal() throws Exception {
        assertEquals("Hello, Ada! Greeted 1 time. [greeter 1.0.0]", greet("Ada"));
        releases.upgrade(UpgradeRequest.of(GREETER, "1.1.0"));
        assertEquals("Welcome, Ada! Greeted 2 times. 2 greetings in all. [greeter 1.1.0]", greet("Ada"));
        assertEquals("Welcome, Grace! Greeted 1 time. 3 greetings in all. [greeter 1.1.0]", greet("Grace"));

        assertEquals(Outcome.COMMITTED, releases.rollback(RollbackRequest.previous(GREETER).withVersion("1.0.0"))
                .outcome());

        String journal = journal(last(releases.history(GREETER)));
        assertTrue("1.0.0 was handed 1.1.0's shape: " + journal, journal.contains("\\\"total\\\":3"));
        assertEquals("Hello, Ada! Greeted 3 times. [greeter 1.0.0]", greet("Ada"));
        assertEquals("Hello, Grace! Greeted 2 times. [greeter 1.0.0]", greet("Grace"));
        releases.upgrade(UpgradeRequest.of(GREETER, "1.1.0"));
        assertEquals("the total is the counts' sum again",
                "Welcome, Ada! Greeted 4 times. 6 greetings in all. [greeter 1.1.0]", greet("Ada"));
    }

    @Test
    public void stateThatCannotBeTakenRefusesTheUpgradeNamingBundleAndStateAndNothingChanges() throws Exception {
        assertEquals("Hello, Ada! Greeted 1 time. [greeter 1.0.0]", greet("Ada"));
        Bundle refusing = context.installBundle(StateBundles.location(StateBundles.REFUSING, "1.0.0"));
        try {
            refusing.start();
            // The kit checks every bundle's id, version and state and the history, before and after.
            UpgradeReport report = upgrades().upgrade(GREETER, "1.1.0")
                    .withLoad(URI.create(HTTP + "/greet?name=Load"))
                    .after("the counts are as they were, and calls pass again", () -> greet("Ada"),
                            "Hello, Ada! Greeted 2 times. [greeter 1.0.0]")
                    .expectRefused("The application's state cannot be taken: Bundle " + StateBundles.REFUSING
                            + " 1.0.0 [" + refusing.getBundleId() + "] failed in snapshot() of state \""
                            + StateBundles.REFUSING + "\": java.lang.IllegalStateException: 1.0.0 cannot give its state");

            assertTrue(report.summary(), report.summary().endsWith("Nothing was changed."));
        } finally {
            refusing.uninstall();
        }
        releases.upgrade(UpgradeRequest.of(GREETER, "1.1.0"));
        assertEquals("Welcome, Ada! Greeted 3 times. [greeter 1.1.0]",
                greet("Ada").replaceFirst(" \\d+ greetings in all\\.", ""));
        assertEquals("every greeting not to the load was Ada's", 3L, totalButCountOf("Load"));
    }

    @Test
    public void aSnapshotThatDoesNotReturnRefusesTheUpgradeWithinTheTimeoutAndCallsPassAgain() throws Exception {
        assertEquals("Hello, Ada! Greeted 1 time. [greeter 1.0.0]", greet("Ada"));
        Bundle blocking = context.installBundle(StateBundles.location(StateBundles.BLOCKING, "1.0.0"));
        try {
            blocking.start();
            Map<String, String> before = everyBundle();
            long began = System.nanoTime();

            try {
                releases.upgrade(new UpgradeRequest(GREETER, "1.1.0", false, false, false,
                        java.time.Duration.ofSeconds(2)));
                fail("a snapshot that does not return refuses the change");
            } catch (UpgradeRefusedException refused) {
                assertTrue(refused.getMessage(), refused.getMessage().contains("The application's state cannot be "
                        + "taken: Bundle " + StateBundles.BLOCKING + " 1.0.0 [" + blocking.getBundleId() + "] did not "
                        + "return from snapshot() of state \"" + StateBundles.BLOCKING + "\" within 2000 ms"));
            }
            long tookMs = (System.nanoTime() - began) / 1_000_000;

            assertTrue("bounded by the change's timeout: " + tookMs + " ms", tookMs < 10_000);
            assertEquals("every bundle's id, version and state", before, everyBundle());
            assertEquals("the gate is open again and the counts are as they were",
                    "Hello, Ada! Greeted 2 times. [greeter 1.0.0]", greet("Ada"));
        } finally {
            blocking.uninstall();
        }
    }

    @Test
    public void aSnapshotMapThatThrowsWhenIteratedRefusesTheUpgradeNamingIt() throws Exception {
        refusedWithin(StateBundles.Behaviour.ITERATION_THROWS, "failed in snapshot() of state \""
                + StateBundles.hostile(StateBundles.Behaviour.ITERATION_THROWS) + "\": java.lang.IllegalStateException: "
                + "iterating the state fails");
    }

    @Test
    public void aSnapshotMapWhoseIterationBlocksRefusesTheUpgradeWithinTheTimeout() throws Exception {
        refusedWithin(StateBundles.Behaviour.ITERATION_BLOCKS, "did not return from snapshot() of state \""
                + StateBundles.hostile(StateBundles.Behaviour.ITERATION_BLOCKS) + "\" within 2000 ms");
    }

    @Test
    public void aSnapshotLargerThanTheLimitRefusesTheUpgradeNamingTheLimit() throws Exception {
        refusedWithin(StateBundles.Behaviour.HUGE, "passes the limit of 16777216 characters");
    }

    /**
     * Issue 23: a two-feature archive whose first feature's new release gives a state that throws when iterated.
     * The first feature commits; the second is refused because that state cannot be taken; all or nothing takes
     * the first back (going back goes on without the state that cannot be taken), and nothing of the archive stays.
     */
    @Test
    public void anArchiveWhoseFirstFeatureBreaksTheStateIsTakenBackWholeWhenTheSecondIsRefused() throws Exception {
        String name = StateBundles.TWOSTEP;
        Path old = Files.writeString(StateBundles.folder().resolve("twostep-features.xml"), "<features name=\"twostep\""
                + " xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\"><feature name=\"twostep\" version=\"1.0.0\">"
                + "<bundle>" + StateBundles.location(name, "1.0.0") + "</bundle></feature></features>\n");
        byte[] bad = Files.readAllBytes(StateBundles.folder().resolve(name + "-1.1.0.jar"));
        Path archive = Archives.variant(Archives.greeter("1.3.0"), StateBundles.folder().resolve("two-features.kar"),
                true, e -> {
                    e.put("repository/org/example/" + name + "/1.1.0/" + name + "-1.1.0.jar", bad);
                    Archives.editFeatures(e, "<feature name=\"greeter\"", "<feature name=\"twostep\" version=\"1.1.0\">"
                            + "<bundle>mvn:org.example/" + name + "/1.1.0</bundle></feature>\n    <feature name=\"greeter\"");
                });
        features.addRepository(old.toUri());
        try {
            features.installFeature("twostep", "1.0.0", EnumSet.noneOf(FeaturesService.Option.class));
            String greeted = greet("Ada");
            try {
                deployer.deploy(DeployRequest.of(archive.toString()));
                fail("the second feature is refused: the state cannot be taken");
            } catch (UpgradeRefusedException refused) {
                assertTrue(refused.getMessage(), refused.getMessage().contains("The application's state cannot be taken:"
                        + " Bundle " + name + " 1.1.0"));
                assertTrue(refused.getMessage(), refused.getMessage().contains("iterating the state fails"));
                assertTrue(refused.getProblems().toString(), refused.getProblems().stream().anyMatch(p -> p.message()
                        .equals("the archive's twostep 1.1.0, committed before, went back (all or nothing)")));
            }
            assertEquals(Optional.of("1.0.0"), releases.installedVersion("twostep"));
            assertEquals(Optional.of("1.0.0"), releases.installedVersion(GREETER));
            assertEquals(List.of("1.0.0 ACTIVE"), Stream.of(context.getBundles())
                    .filter(b -> name.equals(b.getSymbolicName()))
                    .map(b -> b.getVersion() + " " + (b.getState() == Bundle.ACTIVE ? "ACTIVE" : b.getState())).toList());
            assertEquals("calls pass again", greeted.replace("Greeted 1 time.", "Greeted 2 times."), greet("Ada"));
            assertTrue("the archive's repository is not registered", Stream.of(features.listRepositories())
                    .noneMatch(r -> r.getURI().toString().equals("mvn:org.slipway.example/greeter/1.3.0/xml/features")));
            assertTrue("its jar is not in system/", Files.notExists(Path.of(System.getProperty("karaf.home"), "system",
                    "org", "example", name, "1.1.0")));
        } finally {
            features.uninstallFeature("twostep", "1.0.0");
            features.removeRepository(old.toUri());
        }
    }

    /**
     * A bundle whose state behaves as {@code behaviour} says refuses greeter's upgrade (2 s timeout) within 10 s,
     * naming the bundle and {@code said}; every bundle is as it was and calls pass again.
     */
    private void refusedWithin(StateBundles.Behaviour behaviour, String said) throws Exception {
        String name = StateBundles.hostile(behaviour);
        Bundle hostile = context.installBundle(StateBundles.location(name, "1.0.0"));
        try {
            hostile.start();
            Map<String, String> before = everyBundle();
            String greeted = greet("Ada");
            long began = System.nanoTime();
            try {
                releases.upgrade(new UpgradeRequest(GREETER, "1.1.0", false, false, false,
                        java.time.Duration.ofSeconds(2)));
                fail("the state of " + name + " refuses the change");
            } catch (UpgradeRefusedException refused) {
                assertTrue(refused.getMessage(), refused.getMessage().contains("The application's state cannot be "
                        + "taken: Bundle " + name + " 1.0.0 [" + hostile.getBundleId() + "]"));
                assertTrue(refused.getMessage(), refused.getMessage().contains(said));
            }
            long tookMs = (System.nanoTime() - began) / 1_000_000;
            assertTrue("bounded by the change's timeout: " + tookMs + " ms", tookMs < 10_000);
            assertEquals("every bundle's id, version and state", before, everyBundle());
            assertEquals("calls pass again", greeted.replace("Greeted 1 time.", "Greeted 2 times."), greet("Ada"));
        } finally {
            hostile.uninstall();
        }
    }

    @Test
    public void stateTheNewVersionCannotTakeOverRollsBackAndTheOldVersionGetsItBack() throws Exception {
        String handover = StateBundles.HANDOVER;
        Path repository = Files.writeString(StateBundles.folder().resolve("livestate-features.xml"),
                "<features name=\"livestate\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"livestate\" version=\"1.0.0\"><bundle>"
                + StateBundles.location(handover, "1.0.0") + "</bundle></feature>\n"
                + "  <feature name=\"livestate\" version=\"1.1.0\"><bundle>"
                + StateBundles.location(handover, "1.1.0") + "</bundle></feature>\n"
                + "</features>\n");
        features.addRepository(repository.toUri());
        try {
            features.installFeature("livestate", "1.0.0", EnumSet.noneOf(FeaturesService.Option.class));
            ServiceReference<LiveState> before = liveState(handover);
            String token = (String) before.getProperty(StateBundles.TOKEN);
            assertEquals("Hello, Ada! Greeted 1 time. [greeter 1.0.0]", greet("Ada"));

            // The kit checks that 1.0.0 runs again: every bundle's name, version and state as before.
            UpgradeReport report = upgrades().upgrade("livestate", "1.1.0")
                    .keeps("1.0.0's state token, taken back by its new revision",
                            () -> liveState(handover).getProperty(StateBundles.TOKEN))
                    .after("greeter kept running, and its counts", () -> greet("Ada"),
                            "Hello, Ada! Greeted 2 times. [greeter 1.0.0]")
                    .expectRolledBack("1.1.0 cannot take the state over");

            assertTrue(report.summary(), Pattern.compile("Bundle " + Pattern.quote(handover)
                    + " 1\\.1\\.0 \\[\\d+\\] failed in restore\\(\\) of state \"" + Pattern.quote(handover)
                    + "\": java\\.lang\\.IllegalStateException: 1\\.1\\.0 cannot take the state over")
                    .matcher(report.summary()).find());
            ServiceReference<LiveState> after = liveState(handover);
            assertNotEquals("a new revision of 1.0.0 runs", before.getProperty(Constants.SERVICE_ID),
                    after.getProperty(Constants.SERVICE_ID));
            assertEquals("1.0.0's new revision took its own state back", token, after.getProperty(StateBundles.TOKEN));
            List<String> events = StateBundles.events(handover);
            assertTrue(events.toString(), events.contains("1.1.0 restore " + token + " from 1.0.0"));
            assertEquals(events.toString(), "1.0.0 restore " + token + " from 1.0.0", events.get(events.size() - 1));
        } finally {
            if (features.isInstalled(features.getFeature("livestate", "1.0.0"))) {
                features.uninstallFeature("livestate", "1.0.0");
            }
            features.removeRepository(repository.toUri());
        }
    }

    @Test
    public void everyRequestUnderLoadIsAnsweredInOrderWhileGreeterUpgradesFailsAndRollsBack() throws Exception {
        HttpLoad load = HttpLoad.start("Load", Duration.ofMillis(5), Duration.ofSeconds(15), 3000);
        Thread.sleep(500);

        upgradeThenFailedUpgradeThenRollback();

        Thread.sleep(500);
        List<Answer> answers = load.stop();
        report("HTTP GET every 5 ms, each on a new connection", answers);
        List<Answer> failed = answers.stream().filter(a -> a.count() < 1).toList();
        assertEquals(failed.size() + " of " + answers.size() + " requests failed, e.g. " + examples(failed), 0,
                failed.size());
        assertConsecutiveFromOne("counts answered over HTTP", answers.stream().map(Answer::count).toList());
        assertEquals("releases that answered, in the order they counted", List.of("1.0.0", "1.1.0", "1.0.0"),
                releasesInOrder(answers));
        assertTrue("the load ran until the changes had ended, not to its bound", load.stoppedByCaller());
    }

    @Test
    public void everyInVmCallThroughTheGateRunsInOrderWhileGreeterUpgradesFailsAndRollsBack() throws Exception {
        ServiceTracker<Object, Object> greeters = new ServiceTracker<>(context,
                context.createFilter("(" + Constants.OBJECTCLASS + "=" + GREETER_SERVICE + ")"), null);
        greeters.open(true);
        try {
            InVmCaller caller = InVmCaller.start(gate, greeters, "Bob");
            Thread.sleep(500);

            upgradeThenFailedUpgradeThenRollback();

            Thread.sleep(500);
            List<Answer> answers = caller.stop();
            report("in-VM calls through the CallGate, one after another", answers);
            List<Answer> failed = answers.stream().filter(a -> a.count() < 1).toList();
            assertEquals(failed.size() + " of " + answers.size() + " calls failed, e.g. " + examples(failed), 0,
                    failed.size());
            assertConsecutiveFromOne("counts answered in the VM", answers.stream().map(Answer::count).toList());
            assertEquals(List.of("1.0.0", "1.1.0", "1.0.0"), releasesInOrder(answers));
        } finally {
            greeters.close();
        }
    }

    // --- the changes, and what they answer

    private void upgradeThenFailedUpgradeThenRollback() throws Exception {
        assertEquals(Outcome.COMMITTED, releases.upgrade(UpgradeRequest.of(GREETER, "1.1.0")).outcome());
        try {
            releases.upgrade(UpgradeRequest.of(GREETER, "1.2.0").withTimeout(Duration.ofSeconds(10)));
            fail("1.2.0's component fails to activate");
        } catch (UpgradeFailedException failed) {
            assertEquals(failed.getMessage(), Outcome.ROLLED_BACK, failed.getResult().outcome());
        }
        assertEquals(Outcome.COMMITTED, releases.rollback(RollbackRequest.previous(GREETER).withVersion("1.0.0"))
                .outcome());
    }

    /**
     * Greets {@code name} on 1.1.0 or later; @return the total the answer shows less {@code name}'s count: the
     * greetings to every other name
     */
    private static long totalButCountOf(String name) throws IOException {
        String answer = greet(name);
        Matcher count = COUNT.matcher(answer);
        Matcher total = Pattern.compile("(\\d+) greetings? in all\\.").matcher(answer);
        assertTrue(answer, count.find() && total.find());
        return Long.parseLong(total.group(1)) - Long.parseLong(count.group(1));
    }

    /** GET /greet?name={@code name}, which must answer 200; @return the body */
    private static String greet(String name) throws IOException {
        Response response = get("/greet?name=" + name);
        assertEquals(response.body(), 200, response.status());
        return response.body();
    }

    /**
     * Waits until greeter {@code release} is active and its servlet answers, without greeting anyone: a request
     * without a name is answered 400 and counts nothing.
     */
    private void awaitGreeterWithoutGreeting(String release) throws InterruptedException {
        waitFor("greeter " + release + " answering", Duration.ofSeconds(30), () -> {
            try {
                Bundle impl = bundle(IMPL);
                return impl.getState() == Bundle.ACTIVE && impl.getVersion().toString().equals(release)
                        && get("/greet").status() == 400;
            } catch (IOException | AssertionError notYet) {
                return false;
            }
        });
    }

    /** Waits for the {@link LiveState} service of {@code key}; @return its reference */
    private ServiceReference<LiveState> liveState(String key) throws Exception {
        String filter = "(" + LiveState.KEY + "=" + key + ")";
        waitFor("state " + key, Duration.ofSeconds(20),
                () -> !serviceReferences(filter).isEmpty());
        Collection<ServiceReference<LiveState>> found = serviceReferences(filter);
        assertEquals(found.toString(), 1, found.size());
        return found.iterator().next();
    }

    private Collection<ServiceReference<LiveState>> serviceReferences(String filter) {
        try {
            return context.getServiceReferences(LiveState.class, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    /** @return the journal of {@code change}: one JSON record per line, the snapshots as escaped JSON strings */
    private static String journal(HistoryEntry change) throws IOException {
        Path journal = Path.of(System.getProperty("karaf.data"), "slipway", "journal");
        return Files.readString(journal.resolve(change.id() + ".jsonl"));
    }

    /** The counts, in any order, are exactly 1, 2, ..., n: none lost, none twice, none from a fresh start. */
    private static void assertConsecutiveFromOne(String what, List<Long> counts) {
        List<Long> sorted = counts.stream().sorted().toList();
        List<Long> expected = LongStream.rangeClosed(1, counts.size()).boxed().toList();
        if (!sorted.equals(expected)) {
            List<Long> twice = sorted.stream().filter(c -> sorted.indexOf(c) != sorted.lastIndexOf(c)).distinct()
                    .limit(10).toList();
            List<Long> missing = expected.stream().filter(c -> !sorted.contains(c)).limit(10).toList();
            fail(what + " are not 1.." + counts.size() + ": twice " + twice + ", missing " + missing);
        }
    }

    /**
     * @return the releases that answered, in the order they counted (requests overlap, so the order they were
     *         sent in may differ near a change), each run of one release once; failures left out
     */
    private static List<String> releasesInOrder(List<Answer> answers) {
        List<String> runs = new ArrayList<>();
        List<Answer> byCount = answers.stream().filter(a -> a.count() > 0)
                .sorted(Comparator.comparingLong(Answer::count)).toList();
        for (Answer answer : byCount) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(answer.release())) {
                runs.add(answer.release());
            }
        }
        return runs;
    }

    /** Appends what a load saw to target/livestate/load-report.txt, for the reader of a run. */
    private static void report(String load, List<Answer> answers) throws IOException {
        long failed = answers.stream().filter(a -> a.count() < 1).count();
        long longest = answers.stream().mapToLong(Answer::millis).max().orElse(0);
        long overSecond = answers.stream().filter(a -> a.millis() >= 1000).count();
        Files.writeString(StateBundles.folder().resolveSibling("load-report.txt"), String.format(
                "%s: %d answers, %d failed, longest %d ms, %d took 1 s or more, releases %s%n", load, answers.size(),
                failed, longest, overSecond, releasesInOrder(answers)),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String examples(List<Answer> failed) {
        return failed.stream().limit(5).map(Answer::text).collect(Collectors.joining(" | "));
    }

    /**
     * One request or call: when it was sent (ns since the load began), how long its answer took (ms), the count
     * it was answered (0 when it failed), the release that answered, and the answer or the failure.
     */
    record Answer(long sent, long millis, long count, String release, String text) {

        /** @return this answer, sent at {@code sent} (ns since the load began) and answered now */
        Answer at(long sent, long start) {
            return new Answer(sent, (System.nanoTime() - start - sent) / 1_000_000, count, release, text);
        }

        static Answer failed(String why) {
            return new Answer(0, 0, 0, "", why);
        }

        static Answer of(int status, String body) {
            Matcher count = COUNT.matcher(body);
            Matcher release = RELEASE.matcher(body);
            if (status != 200 || !count.find() || !release.find()) {
                return failed("HTTP " + status + ": " + body);
            }
            return new Answer(0, 0, Long.parseLong(count.group(1)), release.group(1), body);
        }
    }

    /**
     * GET /greet?name=NAME every interval on a fixed-rate schedule, each on a new connection (HTTP/1.0) and a
     * pooled thread of its own, so that requests overlap while the gate holds them; until {@link #stop()}, the
     * duration or the number of requests is reached. Requests held longer than the client's read timeout (15 s,
     * above the gate's hold timeout) fail.
     */
    static final class HttpLoad {
        /**
         * Enough that a request's own timeout ends it before the client runs out of threads at the interval used
         * (5 ms: 3,000 in {@link #TIMEOUT_MILLIS}): a busy machine stretches the hold, and a client that ran out
         * first would count its own limit as failures of the server.
         */
        private static final int MAX_IN_FLIGHT = 3_000;
        private static final int TIMEOUT_MILLIS = 15_000;

        private final String name;
        private final long start = System.nanoTime();
        private final long bound;
        private final int maxRequests;
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_IN_FLIGHT, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>());
        private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        private final AtomicLong sent = new AtomicLong();
        private volatile boolean bounded;

        private HttpLoad(String name, Duration duration, int maxRequests) {
            this.name = name;
            this.bound = duration.toNanos();
            this.maxRequests = maxRequests;
        }

        static HttpLoad start(String name, Duration interval, Duration duration, int maxRequests) {
            HttpLoad load = new HttpLoad(name, duration, maxRequests);
            load.scheduler.scheduleAtFixedRate(load::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
            return load;
        }

        /** @return whether {@link #stop()} ended the load, rather than its duration or request bound */
        boolean stoppedByCaller() {
            return !bounded;
        }

        /** Stops sending and waits for every request in flight; @return every request's answer */
        List<Answer> stop() throws InterruptedException {
            scheduler.shutdown();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            pool.shutdown();
            assertTrue("requests in flight ended", pool.awaitTermination(2L * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            return new ArrayList<>(answers);
        }

        private void tick() {
            long now = System.nanoTime() - start;
            if (now > bound || sent.get() >= maxRequests) {
                bounded = true;
                scheduler.shutdown();
                return;
            }
            sent.incrementAndGet();
            try {
                pool.execute(() -> answers.add(send().at(now, start)));
            } catch (RejectedExecutionException e) {
                answers.add(Answer.failed("client saturated: " + MAX_IN_FLIGHT + " requests in flight").at(now, start));
            }
        }

        private Answer send() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 8181), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /greet?name=" + name + " HTTP/1.0\r\nHost: 127.0.0.1:8181\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int headersEnd = response.indexOf("\r\n\r\n");
                String[] statusLine = response.split(" ", 3);
                if (headersEnd < 0 || statusLine.length < 2) {
                    return Answer.failed("not an HTTP response: " + response);
                }
                return Answer.of(Integer.parseInt(statusLine[1]), response.substring(headersEnd + 4).strip());
            } catch (IOException | RuntimeException e) {
                return Answer.failed(e.toString());
            }
        }
    }

    /**
     * Calls the greeter in the VM through the {@link CallGate}, one call after another on a thread of its own,
     * obtaining the service inside each call, as {@link CallGate} says. The probe does not import the greeter
     * API (a change refreshes its importers): the service is called by reflection.
     */
    static final class InVmCaller {
        private final CallGate gate;
        private final ServiceTracker<Object, Object> greeters;
        private final String name;
        private final long start = System.nanoTime();
        private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean stopped;

        private InVmCaller(CallGate gate, ServiceTracker<Object, Object> greeters, String name) {
            this.gate = gate;
            this.greeters = greeters;
            this.name = name;
            this.thread = new Thread(this::run, "in-vm-caller-" + name);
        }

        static InVmCaller start(CallGate gate, ServiceTracker<Object, Object> greeters, String name) {
            InVmCaller caller = new InVmCaller(gate, greeters, name);
            caller.thread.start();
            return caller;
        }

        List<Answer> stop() throws InterruptedException {
            stopped = true;
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue("the caller ended", !thread.isAlive());
            return new ArrayList<>(answers);
        }

        private void run() {
            while (!stopped) {
                long sent = System.nanoTime() - start;
                try {
                    answers.add(gate.call(() -> greet(greeters.getService())).at(sent, start));
                } catch (Exception e) {
                    answers.add(Answer.failed(e.toString()).at(sent, start));
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private Answer greet(Object greeter) throws Exception {
            if (greeter == null) {
                throw new IllegalStateException("no " + GREETER_SERVICE + " service");
            }
            try {
                Object greeting = greeter.getClass().getMethod("greet", String.class).invoke(greeter, name);
                long count = (Long) greeting.getClass().getMethod("count").invoke(greeting);
                String release = (String) greeting.getClass().getMethod("release").invoke(greeting);
                return new Answer(0, 0, count, release, greeting.toString());
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    /**
     * Bundles that keep a {@link LiveState}, compiled and packaged at test time, in the test JVM (by
     * {@link LiveStateIT#config()}); the container finds them through the system property
     * {@value LiveStateIT#STATE_BUNDLES}. Each bundle's activator registers itself as the state of key
     * {@code <symbolic name>}: a token drawn when it starts, shown as the service property {@value #TOKEN}.
     * Every start, snapshot and restore appends a line {@code <version> <event> ...} to
     * {@code <folder>/<symbolic name>.events}, before it does what its {@link Behaviour} says.
     */
    static final class StateBundles {

        /** Service property: the state's token, as the bundle holds it now. */
        static final String TOKEN = "livestate.token";
        /** A bundle whose snapshot throws. */
        static final String REFUSING = "livestate.refusing";
        /** A bundle whose snapshot never returns (until interrupted). */
        static final String BLOCKING = "livestate.blocking";
        /** 1.0.0 behaves; 1.1.0's snapshot is a map that throws when iterated. */
        static final String TWOSTEP = "livestate.twostep";
        /** 1.0.0 hands its state over; 1.1.0 cannot take it over (its restore throws). */
        static final String HANDOVER = "livestate.handover";

        /** What the bundle's state does when Slipway takes it or hands it over. */
        enum Behaviour {
            WELL(true, true, false),
            /** {@code snapshot()} throws. */
            SNAPSHOT_THROWS(false, true, false),
            /** {@code snapshot()} sleeps until interrupted. */
            SNAPSHOT_BLOCKS(true, true, true),
            /** {@code restore()} throws. */
            RESTORE_THROWS(true, false, false),
            /** {@code snapshot()} returns a map that throws when iterated. */
            ITERATION_THROWS("new java.util.AbstractMap<String, Object>() { public java.util.Set<Map.Entry<String, "
                    + "Object>> entrySet() { throw new IllegalStateException(\"iterating the state fails\"); } }"),
            /** {@code snapshot()} returns a map whose iteration sleeps until interrupted. */
            ITERATION_BLOCKS("new java.util.AbstractMap<String, Object>() { public java.util.Set<Map.Entry<String, "
                    + "Object>> entrySet() { try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { "
                    + "Thread.currentThread().interrupt(); } throw new IllegalStateException(\"interrupted\"); } }"),
            /** {@code snapshot()} returns 20 million characters. */
            HUGE("Map.of(\"token\", token, \"blob\", \"x\".repeat(20_000_000))");

            private final boolean givesState;
            private final boolean takesState;
            private final boolean blocks;
            /** The Java expression {@code snapshot()} returns. */
            private final String returns;

            Behaviour(boolean givesState, boolean takesState, boolean blocks) {
                this(givesState, takesState, blocks, "Map.of(\"token\", token)");
            }

            Behaviour(String returns) {
                this(true, true, false, returns);
            }

            Behaviour(boolean givesState, boolean takesState, boolean blocks, String returns) {
                this.givesState = givesState;
                this.takesState = takesState;
                this.blocks = blocks;
                this.returns = returns;
            }
        }

        private StateBundles() {
        }

        /**
         * Builds every test bundle into {@code folder}, emptied first, and removes the last run's load report next to
         * it; @return the folder, absolute
         */
        static Path build(Path folder) {
            Path absolute = folder.toAbsolutePath();
            try {
                if (Files.exists(absolute)) {
                    try (Stream<Path> paths = Files.walk(absolute)) {
                        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(path);
                        }
                    }
                }
                Files.createDirectories(absolute);
                Files.deleteIfExists(absolute.resolveSibling("load-report.txt"));
                jar(absolute, REFUSING, "1.0.0", Behaviour.SNAPSHOT_THROWS);
                jar(absolute, BLOCKING, "1.0.0", Behaviour.SNAPSHOT_BLOCKS);
                jar(absolute, HANDOVER, "1.0.0", Behaviour.WELL);
                jar(absolute, HANDOVER, "1.1.0", Behaviour.RESTORE_THROWS);
                jar(absolute, TWOSTEP, "1.0.0", Behaviour.WELL);
                jar(absolute, TWOSTEP, "1.1.0", Behaviour.ITERATION_THROWS);
                for (Behaviour hostile : List.of(Behaviour.ITERATION_THROWS, Behaviour.ITERATION_BLOCKS, Behaviour.HUGE)) {
                    jar(absolute, hostile(hostile), "1.0.0", hostile);
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot build the test bundles in " + absolute + ": " + e, e);
            }
            return absolute;
        }

        /** @return the symbolic name of the bundle whose state does what {@code behaviour} says */
        static String hostile(Behaviour behaviour) {
            return "livestate." + behaviour.name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        }

        /** In the container: the folder {@link #build(Path)} filled. */
        static Path folder() {
            return Path.of(System.getProperty(STATE_BUNDLES));
        }

        /** In the container: the location to install {@code version} of {@code symbolicName} from. */
        static String location(String symbolicName, String version) {
            return jarOf(folder(), symbolicName, version).toUri().toString();
        }

        /** In the container: every event of {@code symbolicName}'s bundles so far, in order. */
        static List<String> events(String symbolicName) throws IOException {
            Path events = folder().resolve(symbolicName + ".events");
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        }

        private static Path jarOf(Path folder, String symbolicName, String version) {
            return folder.resolve(symbolicName + "-" + version + ".jar");
        }

        private static void jar(Path folder, String symbolicName, String version, Behaviour behaviour)
                throws IOException {
            String events = folder.resolve(symbolicName + ".events").toString()
                    .replace("\\", "\\\\").replace("\"", "\\\"");
            String source = """
                    package %1$s;

                    import java.nio.file.Files;
                    import java.nio.file.Path;
                    import java.nio.file.StandardOpenOption;
                    import java.util.Dictionary;
                    import java.util.Hashtable;
                    import java.util.Map;
                    import java.util.UUID;

                    import org.osgi.framework.BundleActivator;
                    import org.osgi.framework.BundleContext;
                    import org.osgi.framework.ServiceRegistration;
                    import org.slipway.api.LiveState;
                    import org.slipway.api.StateSnapshot;

                    public class Activator implements BundleActivator, LiveState {
                        static final String VERSION = "%2$s";
                        static final boolean GIVES_STATE = %3$s;
                        static final boolean TAKES_STATE = %4$s;
                        static final boolean BLOCKS = %7$s;
                        private volatile String token = UUID.randomUUID().toString();
                        private volatile ServiceRegistration<LiveState> registration;

                        @Override public void start(BundleContext context) throws Exception {
                            event("start " + token);
                            registration = context.registerService(LiveState.class, this, properties());
                        }

                        @Override public void stop(BundleContext context) {
                        }

                        @Override public Map<String, Object> snapshot() throws Exception {
                            event("snapshot " + token);
                            if (BLOCKS) {
                                Thread.sleep(Long.MAX_VALUE);
                            }
                            if (!GIVES_STATE) {
                                throw new IllegalStateException(VERSION + " cannot give its state");
                            }
                            return %8$s;
                        }

                        @Override public void restore(StateSnapshot snapshot) throws Exception {
                            Object given = snapshot.state().get("token");
                            event("restore " + given + " from " + snapshot.version());
                            if (!TAKES_STATE) {
                                throw new IllegalStateException(VERSION + " cannot take the state over");
                            }
                            token = (String) given;
                            registration.setProperties(properties());
                        }

                        private Dictionary<String, Object> properties() {
                            Dictionary<String, Object> properties = new Hashtable<>();
                            properties.put(LiveState.KEY, "%1$s");
                            properties.put("%5$s", token);
                            return properties;
                        }

                        private static void event(String what) throws java.io.IOException {
                            Files.writeString(Path.of("%6$s"), VERSION + " " + what + "\\n",
                                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        }
                    }
                    """.formatted(symbolicName, version, behaviour.givesState, behaviour.takesState, TOKEN, events,
                    behaviour.blocks, behaviour.returns);

            String name = symbolicName + "-" + version;
            String packagePath = symbolicName.replace('.', '/');
            Path file = Files.createDirectories(folder.resolve("src").resolve(name).resolve(packagePath))
                    .resolve("Activator.java");
            Files.writeString(file, source);
            Path classes = Files.createDirectories(folder.resolve("classes").resolve(name));
            compile(file, classes);

            Manifest manifest = TestBundles.manifest(symbolicName, version);
            manifest.getMainAttributes().putValue("Bundle-Activator", symbolicName + ".Activator");
            manifest.getMainAttributes().putValue("Import-Package",
                    "org.osgi.framework;version=\"[1.8,2)\",org.slipway.api;version=\"[1.3,2)\"");
            try (OutputStream out = Files.newOutputStream(jarOf(folder, symbolicName, version));
                    JarOutputStream zip = new JarOutputStream(out, manifest)) {
                try (Stream<Path> compiled = Files.list(classes.resolve(packagePath))) { // Activator$1 too
                    for (Path type : compiled.sorted().toList()) {
                        zip.putNextEntry(new JarEntry(packagePath + "/" + type.getFileName()));
                        zip.write(Files.readAllBytes(type));
                        zip.closeEntry();
                    }
                }
            }
        }

        /** Compiles against the OSGi framework API and Slipway's API, as on the test class path. */
        private static void compile(Path file, Path classes) {
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler == null) {
                throw new IllegalStateException("No Java compiler in " + System.getProperty("java.home")
                        + ": the test needs a JDK");
            }
            String classpath = codeSource(BundleActivator.class) + File.pathSeparator + codeSource(LiveState.class);
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int status = compiler.run(InputStream.nullInputStream(), diagnostics, diagnostics, "--release", "17",
                    "-classpath", classpath, "-d", classes.toString(), file.toString());
            if (status != 0) {
                throw new IllegalStateException("Cannot compile " + file + ":\n"
                        + diagnostics.toString(StandardCharsets.UTF_8));
            }
        }

        private static Path codeSource(Class<?> type) {
            try {
                return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("Cannot locate " + type.getName() + ": " + e.getMessage(), e);
            }
        }
    }
}
