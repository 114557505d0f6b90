package org.slipway.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployService;

/**
 * Wall time of deploying greeter-1.3.0.kar on greeter 1.1.0 with Slipway's verified deploy next to what
 * Karaf's KAR deployer does unchecked (copy the archive's repository into {@code system/}, add the features
 * repository, install with upgrade semantics), on the same distribution in the same run, rounds
 * interleaved, until 1.3.0 answers HTTP. Not a test: it asserts nothing about speed. Report:
 * {@code itests/target/benchmark-deploy.txt}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployBenchmark extends SlipwayTestSupport {

    @Inject
    protected DeployService deployer;

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
        String report = "greeter-1.3.0.kar on 1.1.0, until 1.3.0 answers HTTP, " + rounds
                + " rounds after one warm-up, interleaved; ms min / median / max\n"
                + Samples.line("stock-like: unzip repository/ to system/, addRepository, install -u", stock, 72)
                + Samples.line("Slipway DeployService.deploy (verified, checked, journaled, verified)", slipway, 72)
                + String.format(Locale.ROOT, "ratio of medians Slipway/stock: %.2f%n",
                        Samples.ratio(slipway, stock));
        System.out.print(report);
        Path out = Path.of(System.getProperty("karaf.home")).getParent().getParent().resolve("benchmark-deploy.txt");
        Files.writeString(out, report);
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
