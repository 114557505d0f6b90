package org.slipway.itests;

import static org.ops4j.pax.exam.CoreOptions.vmOptions;

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
import org.slipway.api.UpgradeResult;
import org.slipway.itests.BenchmarkReport.Side;

/**
 * Pre-check time of a real third-party release: Apache CXF's cxf-ws-discovery 3.5.10 -> 3.6.10 (65 bundles
 * installed, 16 updated through dependency features), Slipway's simulated upgrade (Karaf's dry run, the
 * plan over every changed bundle, the semantic-version check of every staying importer) next to Karaf's dry
 * run alone ({@code installFeatures(Simulate, Upgrade)}), interleaved on one instance. Asserts nothing about
 * speed. Report: its section of {@code itests/target/benchmark.md} and {@code .csv} ({@link BenchmarkReport}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CxfPrecheckBenchmark extends SlipwayTestSupport {

    @Inject
    protected ReleaseService releases;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(OptionUtils.combine(super.config(), CxfFixture.options()),
                vmOptions(BenchmarkReport.containerJvmOptions()));
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
        BenchmarkReport.section("cxf-precheck", "Pre-check of Apache CXF cxf-ws-discovery 3.5.10 -> 3.6.10 "
                + "(Pax Exam, in the container)", rounds + " rounds after one warm-up, interleaved, with 3.5.10 "
                + "installed. Slipway's simulated upgrade is Karaf's dry run plus the plan over every changed bundle "
                + "and the semantic-version check of every staying importer; stock is Karaf's dry run alone.")
                .compare("pre-check", "ms",
                        new Side("ReleaseService.upgrade(simulate): dry run, plan, semantic-version check", slipway),
                        new Side("FeaturesService.installFeatures(Simulate, Upgrade)", stock))
                .note("The plan: " + last.plan().bundles().size() + " bundle changes, " + last.plan().packages().size()
                        + " package changes.")
                .value("pre-check", "slipway", "plan_bundle_changes", "", last.plan().bundles().size())
                .value("pre-check", "slipway", "plan_package_changes", "", last.plan().packages().size())
                .write();
    }
}
