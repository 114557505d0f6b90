package org.slipway.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.slipway.api.ReleaseService;
import org.slipway.api.UpgradeRequest;

/**
 * Wall time of greeter 1.0.0 -> 1.1.0 with Slipway next to stock Karaf's {@code feature:install -u}, on the
 * same distribution in the same run, rounds interleaved. Not a test: it asserts nothing about speed.
 * Run with {@code mvn -B install -DskipTests && mvn -B verify -pl itests -Pbenchmark}; the report is
 * printed and written to {@code itests/target/benchmark-upgrade.txt}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpgradeBenchmark extends SlipwayTestSupport {

    @Inject
    protected ReleaseService releases;

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
        StringBuilder report = new StringBuilder();
        report.append("greeter 1.0.0 -> 1.1.0, ").append(rounds).append(" rounds after one warm-up, interleaved;"
                + " ms min / median / max\n");
        report.append(Samples.line("stock FeaturesService install -u (returns)", stockApi, 66));
        report.append(Samples.line("Slipway ReleaseService.upgrade (verified, committed)", slipwayApi, 66));
        report.append(Samples.line("stock install -u until 1.1.0 answers HTTP", stockServing, 66));
        report.append(Samples.line("Slipway upgrade until 1.1.0 answers HTTP", slipwayServing, 66));
        report.append(Samples.line("shell: feature:install -u greeter/1.1.0", stockShell, 66));
        report.append(Samples.line("shell: feature:upgrade greeter 1.1.0 (plan shown, then applied)", slipwayShell, 66));
        report.append(String.format(Locale.ROOT, "ratio of medians Slipway/stock: API %.2f, until serving %.2f, shell %.2f%n",
                Samples.ratio(slipwayApi, stockApi), Samples.ratio(slipwayServing, stockServing), Samples.ratio(slipwayShell, stockShell)));
        System.out.print(report);
        // This runs inside Karaf, unpacked at itests/target/exam/<uuid>/: the report goes to itests/target/.
        Path out = Path.of(System.getProperty("karaf.home")).getParent().getParent().resolve("benchmark-upgrade.txt");
        Files.writeString(out, report.toString());
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
