package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.slipway.api.ImportViolation;
import org.slipway.api.PackageChange;
import org.slipway.api.PackageChange.Delta;
import org.slipway.api.Problem;

/** The semantic-version check on the scenarios under {@code upgrades/}. */
public class CompatibilityCheckerTest {

    private static final String API = "org.slipway.example.greeter.api";
    private static final String WEB = "org.slipway.example.greeter.web";

    /** Checks a scenario's from -> to, pairing bundles by symbolic name (independently of the Planner). */
    private static Verdict check(String scenario) {
        return check(FixtureRuntime.load(scenario), null);
    }

    private static Verdict check(FixtureRuntime runtime, List<BundleInfo> installedOverride) {
        List<BundleInfo> installed = installedOverride != null ? installedOverride : runtime.installedBundles();
        List<BundleInfo> target = runtime.featureBundles(runtime.feature, runtime.to);
        Map<BundleInfo, BundleInfo> replacements = new LinkedHashMap<>();
        List<BundleInfo> removed = new ArrayList<>();
        for (BundleInfo described : runtime.featureBundles(runtime.feature, runtime.from)) {
            BundleInfo old = installed.stream().filter(b -> b.key().equals(described.key())).findFirst().get();
            if (target.stream().anyMatch(t -> t.key().equals(old.key()))) {
                continue;
            }
            target.stream().filter(t -> t.symbolicName().equals(old.symbolicName())).findFirst()
                    .ifPresentOrElse(t -> replacements.put(old, t), () -> removed.add(old));
        }
        return new CompatibilityChecker().check(new Transition(runtime.feature, runtime.from, runtime.to), installed,
                replacements, removed, target);
    }

    @Test
    public void minorUpgradeOfTheExampleIsCompatible() {
        Verdict verdict = check("1.0.0-to-1.1.0");
        assertEquals(List.of(new PackageChange(API, API, "1.0.0", "1.1.0", Delta.MINOR)), verdict.packages());
        assertEquals(List.of(), verdict.violations());
        assertEquals(List.of(), verdict.warnings());
        assertTrue(verdict.compatible());
    }

    @Test
    public void incompatibleMajorIsRefusedNamingImporterPackageRangeAndOffer() {
        Verdict verdict = check("1.1.0-to-2.0.0");
        assertEquals(List.of(new PackageChange(API, API, "1.1.0", "2.0.0", Delta.MAJOR)), verdict.packages());
        ImportViolation violation = new ImportViolation(WEB, "1.1.0", 12, API, "[1.1,2)", "2.0.0");
        assertEquals(List.of(violation), verdict.violations());
        assertEquals("Bundle org.slipway.example.greeter.web 1.1.0 [12] imports org.slipway.example.greeter.api "
                + "[1.1,2), but the upgrade offers 2.0.0", verdict.violations().get(0).describe());
        assertEquals("a major feature release is not warned about", List.of(), verdict.warnings());
    }

    @Test
    public void releaseThatOnlyReplacesTheImplChangesNoPackage() {
        Verdict verdict = check("1.1.0-to-1.2.0");
        assertEquals(List.of(), verdict.packages());
        assertEquals(List.of(), verdict.violations());
    }

    @Test
    public void majorPackageChangeInsideAMinorReleaseIsWarned() {
        Verdict verdict = check("major-in-minor");
        assertEquals(List.of(Problem.warning("Package org.slipway.example.greeter.api goes 1.1.0 -> 2.0.0 (major) "
                + "in greeter 1.1.0 -> 1.2.0, a minor release")), verdict.warnings());
        assertEquals(List.of(new ImportViolation(WEB, "1.1.0", 12, API, "[1.1,2)", "2.0.0")), verdict.violations());
    }

    @Test
    public void removedPackagesAreViolationsWithNoOfferAndOptionalImportsOnlyWarn() {
        Verdict verdict = check("removed-package");
        String shop = "org.example.shop";
        assertEquals(List.of(
                new PackageChange(shop + ".api", shop + ".api", "1.0.0", "1.1.0", Delta.MINOR),
                new PackageChange(shop + ".spi", shop + ".api", "1.0.0", null, Delta.REMOVED),
                new PackageChange(shop + ".util", shop + ".util", "1.0.0", null, Delta.REMOVED)), verdict.packages());
        assertEquals(List.of(
                new ImportViolation(shop + ".reports", "1.0.0", 40, shop + ".spi", "[1.0,2)", null),
                new ImportViolation(shop + ".reports", "1.0.0", 40, shop + ".util", "[1.0,2)", null)),
                verdict.violations());
        assertEquals("Bundle org.example.shop.reports 1.0.0 [40] imports org.example.shop.util [1.0,2), but the "
                + "upgrade removes it", verdict.violations().get(1).describe());
        assertEquals(List.of(
                Problem.warning("Package org.example.shop.spi 1.0.0 is removed in shop 1.0.0 -> 1.1.0, a minor release"),
                Problem.warning("Package org.example.shop.util 1.0.0 is removed in shop 1.0.0 -> 1.1.0, a minor release"),
                Problem.warning("Bundle org.example.shop.audit 1.0.0 [41] imports org.example.shop.util [1.0,2) "
                        + "optionally, but the upgrade removes it: it will run without that package")),
                verdict.warnings());
    }

    @Test
    public void anotherExporterThatStaysSavesTheImporter() {
        Verdict verdict = check("other-exporter-stays");
        assertEquals(Delta.MAJOR, verdict.packages().get(0).delta());
        assertEquals(List.of(), verdict.violations());
    }

    @Test
    public void anotherExporterThatArrivesSavesTheImporter() {
        Verdict verdict = check("other-exporter-arrives");
        assertEquals(Delta.MAJOR, verdict.packages().get(0).delta());
        assertEquals(List.of(), verdict.violations());
    }

    @Test
    public void importerOutsideAnyFeatureIsChecked() {
        Verdict verdict = check("importer-outside-feature");
        assertEquals(List.of(new ImportViolation(WEB, "1.1.0", 12, API, "[1.1,2)", "2.0.0"),
                new ImportViolation("org.slipway.example.monitor", "1.0.0", 20, API, "[1.0,2)", "2.0.0")),
                verdict.violations());
    }

    @Test
    public void importerWiredToAnotherExporterIsNotAffected() {
        FixtureRuntime runtime = FixtureRuntime.load("1.1.0-to-2.0.0");
        List<BundleInfo> installed = new ArrayList<>();
        for (BundleInfo b : runtime.installedBundles()) {
            Map<String, Long> wires = new LinkedHashMap<>(b.wiredTo());
            if (b.symbolicName().equals(WEB)) {
                wires.put(API, 5L); // pretend it is wired elsewhere: the change does not touch that wire
            }
            installed.add(new BundleInfo(b.id(), b.symbolicName(), b.version(), b.state(), b.exportPackage(),
                    b.importPackage(), wires, b.components(), b.fragment()));
        }
        assertEquals(List.of(), check(runtime, installed).violations());
    }

    @Test
    public void deltaIsTheFirstVersionPartThatDiffers() {
        assertEquals(Delta.UNCHANGED, CompatibilityChecker.delta(Version.parse("1.1"), Version.parse("1.1.0")));
        assertEquals(Delta.MICRO, CompatibilityChecker.delta(Version.parse("1.1.0"), Version.parse("1.1.1")));
        assertEquals(Delta.MICRO, CompatibilityChecker.delta(Version.parse("1.1.0"), Version.parse("1.1.0.q")));
        assertEquals(Delta.MINOR, CompatibilityChecker.delta(Version.parse("1.1.5"), Version.parse("1.2.0")));
        assertEquals(Delta.MINOR, CompatibilityChecker.delta(Version.parse("1.1.0"), Version.parse("1.0.0")));
        assertEquals(Delta.MAJOR, CompatibilityChecker.delta(Version.parse("1.9.9"), Version.parse("2.0.0")));
        assertEquals(Delta.REMOVED, CompatibilityChecker.delta(Version.parse("1.0.0"), null));
    }
}
