package org.slipway.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.slipway.api.ReleaseService;
import org.slipway.testkit.UpgradeReport;
import org.slipway.testkit.Upgrades;
import org.slipway.testkit.exam.SlipwayKarafOptions;

/**
 * The "Testing your upgrades" example, as a user's test of greeter's releases: only the test kit, no
 * {@link SlipwayTestSupport}. docs/testing-your-upgrades.md shows this class (but for its package and this
 * comment): keep them in step.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GreeterUpgradesIT {

    private static final String HTTP = "http://127.0.0.1:8181";
    private static final URI LOAD = URI.create(HTTP + "/greet?name=Load");

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Inject
    private ReleaseService releases;

    @Configuration
    public Option[] config() {
        return SlipwayKarafOptions.distribution().options();
    }

    @Before
    public void greeterOneZeroThatGreetedNobody() throws Exception {
        Optional<String> installed = releases.installedVersion("greeter");
        if (installed.isPresent()) {
            features.uninstallFeature("greeter", installed.get());
        }
        features.installFeature("greeter", "1.0.0", EnumSet.noneOf(FeaturesService.Option.class));
        for (int i = 0; i < 300 && status("/greet") != 400; i++) {   // up: a request without a name is a 400
            Thread.sleep(100);
        }
    }

    @Test
    public void oneOneUpgradesLiveAndKeepsTheCounts() throws Exception {
        assertEquals("Hello, Ada! Greeted 1 time. [greeter 1.0.0]", greet("Ada"));

        UpgradeReport report = Upgrades.in(context).upgrade("greeter", "1.1.0")
                .withLoad(LOAD)
                .after("Ada's count goes on in 1.1.0",
                        () -> greet("Ada").startsWith("Welcome, Ada! Greeted 2 times."), true)
                .expectLive();

        assertEquals("1.0.0", report.result().plan().from());
        assertEquals(0, report.load().failed());
    }

    @Test
    public void twoZeroIsRefusedBecauseTheWebBundleCannotUseItsApi() throws Exception {
        Upgrades.in(context).upgrade("greeter", "1.1.0").expectLive();

        Upgrades.in(context).upgrade("greeter", "2.0.0")
                .withLoad(LOAD)
                .after("1.1.0 still answers", () -> greet("Ada").endsWith("[greeter 1.1.0]"), true)
                .expectRefused("imports org.slipway.example.greeter.api [1.1,2), but the upgrade offers 2.0.0");
    }

    @Test
    public void oneTwoFailsVerificationAndIsRolledBackKeepingTheCounts() throws Exception {
        Upgrades.in(context).upgrade("greeter", "1.1.0").expectLive();
        assertEquals("Welcome, Ada! Greeted 1 time. 1 greeting in all. [greeter 1.1.0]", greet("Ada"));

        Upgrades.in(context).upgrade("greeter", "1.2.0")
                .withTimeout(Duration.ofSeconds(10))
                .withLoad(LOAD)
                .after("1.1.0 answers again with Ada's count",
                        () -> greet("Ada").startsWith("Welcome, Ada! Greeted 2 times."), true)
                .expectRolledBack("failed to activate");
    }

    private static int status(String path) {
        try {
            return ((HttpURLConnection) URI.create(HTTP + path).toURL().openConnection()).getResponseCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private static String greet(String name) throws IOException {
        try (InputStream in = URI.create(HTTP + "/greet?name=" + name).toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
