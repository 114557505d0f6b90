package org.slipway.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
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
import org.slipway.api.UpgradeResult;

/**
 * Pre-check time of a real third-party release: Apache CXF's cxf-ws-discovery 3.5.10 -> 3.6.10 (65 bundles
 * installed, 16 updated through dependency features), Slipway's simulated upgrade (Karaf's dry run, the
 * plan over every changed bundle, the semantic-version check of every staying importer) next to Karaf's dry
 * run alone ({@code installFeatures(Simulate, Upgrade)}), interleaved on one instance. Asserts nothing about
 * speed. Report: {@code itests/target/benchmark-cxf-precheck.txt}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CxfPrecheckBenchmark extends SlipwayTestSupport {

    @Inject
    protected ReleaseService releases;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), CxfFixture.options());
    }

    @Test
    public void precheckOfCxfWsDiscovery() throws Exception {
        features.addRepository(CxfFixture.featuresRepository(CxfFixture.OLD));
        features.addRepository(CxfFixture.featuresRepository(CxfFixture.NEW));
        features.installFeature(CxfFixture.FEATURE, CxfFixture.OLD);
        int rounds = 10;
        List<Long> stock = new ArrayList<>();
        List<Long> slipway = new ArrayList<>();
        UpgradeResult last = null;
        for (int round = 0; round < rounds + 1; round++) {
            for (int order = 0; order < 2; order++) {
                long began = System.nanoTime();
                if ((round + order) % 2 == 0) {
                    features.installFeatures(Set.of(CxfFixture.FEATURE + "/" + CxfFixture.NEW),
                            EnumSet.of(FeaturesService.Option.Simulate, FeaturesService.Option.Upgrade));
                    Samples.record(round == 0, stock, began);
                } else {
                    last = releases.upgrade(UpgradeRequest.of(CxfFixture.FEATURE, CxfFixture.NEW).withSimulate(true));
                    Samples.record(round == 0, slipway, began);
                }
            }
        }
        StringBuilder report = new StringBuilder();
        report.append("cxf-ws-discovery 3.5.10 -> 3.6.10 pre-check, ").append(rounds)
                .append(" rounds after one warm-up, interleaved; ms min / median / max\n");
        report.append(Samples.line("Karaf dry run (installFeatures Simulate, Upgrade)", stock, 72));
        report.append(Samples.line("Slipway simulated upgrade (dry run + plan + semantic-version check)", slipway, 72));
        report.append(String.format(Locale.ROOT, "ratio of medians Slipway/Karaf dry run: %.2f; plan: %d bundle "
                + "changes, %d package changes%n", Samples.ratio(slipway, stock),
                last.plan().bundles().size(), last.plan().packages().size()));
        System.out.print(report);
        Path out = Path.of(System.getProperty("karaf.home")).getParent().getParent()
                .resolve("benchmark-cxf-precheck.txt");
        Files.writeString(out, report.toString());
    }
}
