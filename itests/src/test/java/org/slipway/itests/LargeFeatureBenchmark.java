package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

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
import org.osgi.framework.Bundle;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;
import org.slipway.itests.BenchmarkReport.Side;

/**
 * Upgrades of large generated releases: a feature of 50 bundles, 1.0.0 -> 1.1.0 and back, through Slipway's
 * {@link ReleaseService} next to stock {@code FeaturesService.installFeature(..., Upgrade)}, rounds interleaved on
 * one instance; then the pre-check alone (a simulated upgrade) of a 500-bundle release, next to Karaf's dry run.
 * The bundles are written at test time into {@code system/}: each exports its package at the bundle's version and
 * imports one or two packages of other bundles of the feature with {@code [1,2)}; no code, no DS. Asserts what ran
 * (outcomes, versions, states), never a time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LargeFeatureBenchmark extends SlipwayTestSupport {

    private static final String OLD = "1.0.0";
    private static final String NEW = "1.1.0";
    private static final int ROUNDS = 10;

    @Inject
    protected ReleaseService releases;

    /** A generated feature in two versions, {@code bundles} bundles each, and its features repository. */
    record Generated(String feature, int bundles, URI repository) {
    }

    /** The four kinds of change measured, each a list of milliseconds. */
    record Changes(List<Long> slipwayUp, List<Long> slipwayBack, List<Long> stockUp, List<Long> stockBack) {
        Changes() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), vmOptions(BenchmarkReport.containerJvmOptions()));
    }

    @Test
    public void fiftyBundlesUpAndBackThenThePrecheckOfFiveHundred() throws Exception {
        upAndBack(generate("bench50", 50));
        precheck(generate("bench500", 500));
    }

    private void upAndBack(Generated large) throws Exception {
        features.addRepository(large.repository());
        features.installFeature(large.feature(), OLD);
        expectRunning(large, OLD);
        Changes changes = new Changes();
        for (int round = 0; round <= ROUNDS; round++) {
            boolean warmUp = round == 0;
            for (int turn = 0; turn < 2; turn++) {
                if ((round + turn) % 2 == 0) {
                    stock(large, warmUp, changes);
                } else {
                    slipway(large, warmUp, changes);
                }
            }
        }
        BenchmarkReport.section("large-feature-50", "A 50-bundle feature, 1.0.0 -> 1.1.0 and back (Pax Exam)", ROUNDS
                + " rounds after one warm-up, interleaved. Generated bundles, each exporting its package at its "
                + "version and importing one or two of the others' with [1,2); updated in place (the distribution's "
                + "`bundleUpdateRange`). Slipway goes back with `ReleaseService.rollback` to 1.0.0; stock with "
                + "`installFeature(..., \"1.0.0\", Upgrade)`. Both return with every bundle ACTIVE.")
                .compare("upgrade 1.0.0 -> 1.1.0", "ms",
                        new Side("ReleaseService.upgrade (checked, applied, verified, committed)", changes.slipwayUp()),
                        new Side("FeaturesService.installFeature(Upgrade)", changes.stockUp()))
                .compare("back 1.1.0 -> 1.0.0", "ms",
                        new Side("ReleaseService.rollback to 1.0.0", changes.slipwayBack()),
                        new Side("FeaturesService.installFeature(1.0.0, Upgrade)", changes.stockBack()))
                .write();
        features.uninstallFeature(large.feature(), OLD);
    }

    private void stock(Generated large, boolean warmUp, Changes changes) throws Exception {
        long began = System.nanoTime();
        features.installFeature(large.feature(), NEW, EnumSet.of(FeaturesService.Option.Upgrade));
        Samples.record(warmUp, changes.stockUp(), began);
        expectRunning(large, NEW);
        began = System.nanoTime();
        features.installFeature(large.feature(), OLD, EnumSet.of(FeaturesService.Option.Upgrade));
        Samples.record(warmUp, changes.stockBack(), began);
        expectRunning(large, OLD);
    }

    private void slipway(Generated large, boolean warmUp, Changes changes) throws Exception {
        long began = System.nanoTime();
        UpgradeResult up = releases.upgrade(UpgradeRequest.of(large.feature(), NEW));
        Samples.record(warmUp, changes.slipwayUp(), began);
        assertEquals(up.toString(), Outcome.COMMITTED, up.outcome());
        expectRunning(large, NEW);
        began = System.nanoTime();
        UpgradeResult back = releases.rollback(new RollbackRequest(large.feature(), OLD, false,
                UpgradeRequest.DEFAULT_TIMEOUT));
        Samples.record(warmUp, changes.slipwayBack(), began);
        assertEquals(back.toString(), Outcome.COMMITTED, back.outcome());
        expectRunning(large, OLD);
    }

    private void precheck(Generated large) throws Exception {
        features.addRepository(large.repository());
        long began = System.nanoTime();
        features.installFeature(large.feature(), OLD);
        long install = (System.nanoTime() - began) / 1_000_000;
        expectRunning(large, OLD);
        List<Long> slipway = new ArrayList<>();
        List<Long> dryRun = new ArrayList<>();
        UpgradeResult last = null;
        for (int round = 0; round <= ROUNDS; round++) {
            for (int turn = 0; turn < 2; turn++) {
                began = System.nanoTime();
                if ((round + turn) % 2 == 0) {
                    features.installFeature(large.feature(), NEW,
                            EnumSet.of(FeaturesService.Option.Simulate, FeaturesService.Option.Upgrade));
                    Samples.record(round == 0, dryRun, began);
                } else {
                    last = releases.upgrade(new UpgradeRequest(large.feature(), NEW, true, false, false,
                            UpgradeRequest.DEFAULT_TIMEOUT));
                    Samples.record(round == 0, slipway, began);
                    assertEquals(last.toString(), Outcome.SIMULATED, last.outcome());
                }
            }
        }
        expectRunning(large, OLD);
        BenchmarkReport.section("large-feature-500-precheck", "Pre-check of a 500-bundle release, 1.0.0 -> 1.1.0 "
                + "(Pax Exam)", ROUNDS + " rounds after one warm-up, interleaved, with 1.0.0 installed (its install, "
                + "once, by the features service: " + install + " ms). Slipway's simulated upgrade (Karaf's dry run, "
                + "the plan, the semantic-version check of every importer) next to Karaf's dry run alone. Target of "
                + "issue 11: under 200 ms.")
                .compare("pre-check", "ms",
                        new Side("ReleaseService.upgrade(simulate): dry run, plan, semantic-version check", slipway),
                        new Side("FeaturesService.installFeature(Simulate, Upgrade)", dryRun))
                .note("The plan: " + last.plan().bundles().size() + " bundle changes, " + last.plan().packages().size()
                        + " package changes.")
                .value("install of 1.0.0 (once)", "stock", "value", "ms", install)
                .value("pre-check", "slipway", "plan_bundle_changes", "", last.plan().bundles().size())
                .write();
    }

    /** Every bundle of the feature ACTIVE at {@code version}. */
    private void expectRunning(Generated large, String version) {
        String prefix = "org.slipway.bench." + large.feature() + ".";
        long running = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() != null && bundle.getSymbolicName().startsWith(prefix)) {
                assertEquals(bundle + " " + bundle.getVersion(), Bundle.ACTIVE, bundle.getState());
                assertEquals(bundle.toString(), version, bundle.getVersion().toString());
                running++;
            }
        }
        assertEquals(large.feature() + " " + version + " bundles", large.bundles(), running);
    }

    /** Writes the bundles of both versions into system/ and a features XML holding both versions. */
    private static Generated generate(String feature, int count) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<features xmlns="
                + "\"http://karaf.apache.org/xmlns/features/v1.6.0\" name=\"" + feature + "\">\n");
        for (String version : List.of(OLD, NEW)) {
            xml.append("  <feature name=\"").append(feature).append("\" version=\"").append(version).append("\">\n");
            for (int i = 0; i < count; i++) {
                String name = bundleName(feature, i);
                writeBundle(system().resolve("org/slipway/bench/" + name + "/" + version + "/" + name + "-" + version
                        + ".jar"), feature, i, count, version);
                xml.append("    <bundle>mvn:org.slipway.bench/").append(name).append('/').append(version)
                        .append("</bundle>\n");
            }
            xml.append("  </feature>\n");
        }
        Path file = BenchmarkReport.directory().resolve("large-feature").resolve(feature + "-features.xml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, xml.append("</features>\n"));
        return new Generated(feature, count, file.toUri());
    }

    private static String bundleName(String feature, int i) {
        return String.format("org.slipway.bench.%s.b%03d", feature, i);
    }

    /** A bundle exporting its package at {@code version}, importing the next bundle's (and every other one more). */
    private static void writeBundle(Path jar, String feature, int i, int count, String version) throws IOException {
        String name = bundleName(feature, i);
        Manifest manifest = TestBundles.manifest(name, version);
        manifest.getMainAttributes().putValue("Export-Package", name + ";version=\"" + version + "\"");
        String imports = bundleName(feature, (i + 1) % count) + ";version=\"[1,2)\"";
        if (i % 2 == 0) {
            imports += "," + bundleName(feature, (i + 7) % count) + ";version=\"[1,2)\"";
        }
        manifest.getMainAttributes().putValue("Import-Package", imports);
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new JarEntry(name.replace('.', '/') + "/about.txt"));
            zip.write((name + " " + version + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }
}
