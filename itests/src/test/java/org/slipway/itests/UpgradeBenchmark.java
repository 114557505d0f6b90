package org.slipway.itests;

import static org.ops4j.pax.exam.CoreOptions.vmOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.slipway.api.ReleaseService;
import org.slipway.api.UpgradeRequest;
import org.slipway.itests.BenchmarkReport.Side;

/**
 * Wall time of greeter 1.0.0 -> 1.1.0 with Slipway next to stock Karaf's {@code feature:install -u}, on the
 * same distribution in the same run, rounds interleaved. Not a test: it asserts nothing about speed.
 * Run with {@code mvn -B install -DskipTests && mvn -B verify -pl itests -Pbenchmark}; its section goes to
 * {@code itests/target/benchmark.md} and {@code .csv} ({@link BenchmarkReport}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpgradeBenchmark extends SlipwayTestSupport {

    @Inject
    protected ReleaseService releases;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), vmOptions(BenchmarkReport.containerJvmOptions()));
    }

    @Test
    public void upgradeOneZeroToOneOne() throws Exception {
        int rounds = 10;
        List<Long> stockApi = new ArrayList<>();
        List<Long> stockServing = new ArrayList<>();
        List<Long> slipwayApi = new ArrayList<>();
        List<Long> slipwayServing = new ArrayList<>();
        List<Long> stockShell = new ArrayList<>();
        List<Long> slipwayShell = new ArrayList<>();
        reset();
        for (int round = 0; round < rounds + 1; round++) {
            boolean warmUp = round == 0;
            for (int order = 0; order < 2; order++) {
                boolean stockFirst = (round + order) % 2 == 0;
                long began = System.nanoTime();
                if (stockFirst) {
                    features.installFeatures(Set.of("greeter/1.1.0"), EnumSet.of(FeaturesService.Option.Upgrade));
                    Samples.record(warmUp, stockApi, began);
                    waitServing("1.1.0");
                    Samples.record(warmUp, stockServing, began);
                } else {
                    releases.upgrade(UpgradeRequest.of("greeter", "1.1.0"));
                    Samples.record(warmUp, slipwayApi, began);
                    waitServing("1.1.0");
                    Samples.record(warmUp, slipwayServing, began);
                }
                reset();
            }
            long began = System.nanoTime();
            executeCommand("feature:install -u greeter/1.1.0");
            Samples.record(warmUp, stockShell, began);
            reset();
            began = System.nanoTime();
            executeCommand("feature:upgrade greeter 1.1.0");
            Samples.record(warmUp, slipwayShell, began);
            reset();
        }
        BenchmarkReport.section("upgrade", "Upgrade greeter 1.0.0 -> 1.1.0 (Pax Exam, in the container)",
                rounds + " rounds after one warm-up, interleaved, each from 1.0.0 (reset by the features service, "
                + "not measured). Stock is Karaf's own upgrade, `FeaturesService.installFeatures(Upgrade)` (what "
                + "`feature:install -u` does), on the same instance.")
                .compare("API call returns", "ms",
                        new Side("ReleaseService.upgrade (checked, applied, verified, committed)", slipwayApi),
                        new Side("FeaturesService.installFeatures(Upgrade)", stockApi))
                .compare("until 1.1.0 answers HTTP", "ms", new Side("ReleaseService.upgrade", slipwayServing),
                        new Side("installFeatures(Upgrade)", stockServing))
                .compare("shell command", "ms", new Side("feature:upgrade greeter 1.1.0 (plan shown, then applied)",
                        slipwayShell), new Side("feature:install -u greeter/1.1.0", stockShell))
                .write();
    }

    private void reset() throws Exception {
        features.installFeatures(Set.of("greeter/1.0.0"), EnumSet.of(FeaturesService.Option.Upgrade));
        waitServing("1.0.0");
    }

    private void waitServing(String release) throws InterruptedException {
        waitFor("greeter " + release, Duration.ofSeconds(30), () -> {
            try {
                return get("/greet?name=Bench").body().endsWith("[greeter " + release + "]");
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
    }
}
