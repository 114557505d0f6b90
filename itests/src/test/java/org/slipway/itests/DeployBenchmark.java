package org.slipway.itests;

import static org.ops4j.pax.exam.CoreOptions.vmOptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

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
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployService;
import org.slipway.itests.BenchmarkReport.Side;

/**
 * Wall time of deploying greeter-1.3.0.kar on greeter 1.1.0 with Slipway's verified deploy next to what
 * Karaf's KAR deployer does unchecked (copy the archive's repository into {@code system/}, add the features
 * repository, install with upgrade semantics), on the same distribution in the same run, rounds
 * interleaved, until 1.3.0 answers HTTP. Not a test: it asserts nothing about speed. Report: its section of
 * {@code itests/target/benchmark.md} and {@code .csv} ({@link BenchmarkReport}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployBenchmark extends SlipwayTestSupport {

    @Inject
    protected DeployService deployer;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), vmOptions(BenchmarkReport.containerJvmOptions()));
    }

    @Test
    public void deployOneThreeZeroOnOneOne() throws Exception {
        int rounds = 10;
        List<Long> stock = new ArrayList<>();
        List<Long> slipway = new ArrayList<>();
        Path archive = Archives.greeter("1.3.0");
        greeterOneOneWithoutTheArchive();
        for (int round = 0; round < rounds + 1; round++) {
            for (int order = 0; order < 2; order++) {
                boolean stockFirst = (round + order) % 2 == 0;
                long began = System.nanoTime();
                if (stockFirst) {
                    unzipRepository(archive);
                    features.addRepository(URI.create(GREETER_1_3_0_REPOSITORY));
                    features.installFeatures(Set.of("greeter/1.3.0"), EnumSet.of(FeaturesService.Option.Upgrade));
                } else {
                    deployer.deploy(DeployRequest.of(archive.toString()));
                }
                waitForGreeter("1.3.0");
                if (round > 0) {
                    (stockFirst ? stock : slipway).add((System.nanoTime() - began) / 1_000_000);
                }
                greeterOneOneWithoutTheArchive();
            }
        }
        BenchmarkReport.section("deploy", "Deploy greeter-1.3.0.kar on 1.1.0 (Pax Exam, in the container)",
                rounds + " rounds after one warm-up, interleaved, each from 1.1.0 without the archive's files and "
                + "repository (reset not measured), until 1.3.0 answers HTTP. Stock is what Karaf's KAR deployer does, "
                + "unchecked: unzip `repository/` into `system/`, add the features repository, install with upgrade.")
                .compare("archive on 1.1.0 until 1.3.0 answers HTTP", "ms",
                        new Side("DeployService.deploy (archive inspected, checked, journaled, verified)", slipway),
                        new Side("unzip repository/ to system/, addRepository, installFeatures(Upgrade)", stock))
                .write();
    }

    private static void unzipRepository(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                if (entry.getName().startsWith("repository/") && !entry.isDirectory()) {
                    Path target = system().resolve(entry.getName().substring("repository/".length()));
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
