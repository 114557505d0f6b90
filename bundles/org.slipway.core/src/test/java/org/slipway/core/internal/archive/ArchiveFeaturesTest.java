package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.slipway.core.internal.archive.ArchiveFixtures.API_URL;
import static org.slipway.core.internal.archive.ArchiveFixtures.FEATURES;
import static org.slipway.core.internal.archive.ArchiveFixtures.IMPL_URL;

import java.nio.file.Path;
import java.util.List;

import org.junit.Test;
import org.slipway.api.ArchiveRejectedException.Reason;

/** The features XML and the bundles it names: checks 7 and 8. */
public class ArchiveFeaturesTest extends ArchiveTestSupport {

    private static final String OTHER = "repository/org/slipway/example/other/1.0.0/other-1.0.0-features.xml";
    private static final String SCR = "mvn:org.apache.felix/org.apache.felix.scr/2.2.6";

    @Test
    public void archiveWithoutFeaturesXmlIsRejected() throws Exception {
        Path file = write(ArchiveFixtures.release().remove(FEATURES));
        rejected(Reason.INVALID_FEATURES, () -> inspect(file), NAME + " contains no features XML under repository/");
    }

    @Test
    public void archiveWithTwoFeaturesXmlsIsRejectedNamingBoth() throws Exception {
        Path file = write(ArchiveFixtures.release().put(OTHER, ArchiveFixtures.featuresXml(API_URL)));
        rejected(Reason.INVALID_FEATURES, () -> inspect(file),
                NAME + " contains 2 features XMLs: " + FEATURES + ", " + OTHER);
    }

    @Test
    public void otherXmlFilesAreNotFeaturesXmlsAndAreRefusedAsEntriesNoFeatureUses() throws Exception {
        String pom = "repository/org/slipway/example/greeter/1.1.0/greeter-1.1.0.xml";
        Path file = write(ArchiveFixtures.release().put(pom, "<project><x/></project>"));
        rejected(Reason.FORBIDDEN_ELEMENT, () -> inspect(file), "entry \"" + pom + "\" is under repository/ but no"
                + " feature of \"" + FEATURES + "\" uses it, and Karaf would copy it into system/");
    }

    @Test
    public void anUnreferencedJarIsRefusedSealedOrNot() throws Exception {
        String extra = "repository/org/example/tool/1.0/tool-1.0.jar";
        for (ArchiveFixtures archive : List.of(ArchiveFixtures.release().put(extra, "x"),
                ArchiveFixtures.release().put(extra, "x").withoutChecksums())) {
            Path file = write(archive);
            rejected(Reason.FORBIDDEN_ELEMENT, () -> inspect(file), "entry \"" + extra + "\" is under repository/");
        }
    }

    @Test
    public void unknownElementIsInvalidAgainstTheXsd() throws Exception {
        String xml = ArchiveFixtures.featuresXml(API_URL).replace("<bundle>", "<bogus/>\n        <bundle>");
        Path file = write(ArchiveFixtures.release().put(FEATURES, xml));
        rejected(Reason.INVALID_FEATURES, () -> inspect(file), "features XML \"" + FEATURES + "\": line 4: ",
                "bogus");
    }

    @Test
    public void doctypeIsRejectedSoNoExternalEntityIsRead() throws Exception {
        String xml = ArchiveFixtures.featuresXml(API_URL)
                .replace("<features ", "<!DOCTYPE features [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<features ")
                .replace("name=\"greeter\"", "name=\"&xxe;\"");
        Path file = write(ArchiveFixtures.release().put(FEATURES, xml));
        rejected(Reason.INVALID_FEATURES, () -> inspect(file), "features XML \"" + FEATURES + "\": line 2: ",
                "DOCTYPE");
    }

    @Test
    public void xmlThatIsNotWellFormedIsRejectedWithItsLine() throws Exception {
        String xml = ArchiveFixtures.featuresXml(API_URL).replace("</feature>", "</feture>");
        Path file = write(ArchiveFixtures.release().put(FEATURES, xml));
        rejected(Reason.INVALID_FEATURES, () -> inspect(file), "features XML \"" + FEATURES + "\": line 5: ");
    }

    @Test
    public void unknownNamespaceIsRejected() throws Exception {
        String xml = ArchiveFixtures.featuresXml(API_URL).replace("v1.6.0", "v9.9.9");
        Path file = write(ArchiveFixtures.release().put(FEATURES, xml));
        rejected(Reason.INVALID_FEATURES, () -> inspect(file), "features XML \"" + FEATURES
                + "\": namespace \"http://karaf.apache.org/xmlns/features/v9.9.9\" is not a Karaf features namespace");
    }

    @Test
    public void olderKarafNamespacesAreValidatedWithTheirOwnXsd() throws Exception {
        String xml = "<features xmlns=\"http://karaf.apache.org/xmlns/features/v1.3.0\" name=\"greeter\">\n"
                + "  <feature name=\"greeter\" version=\"1.1.0\"><bundle>" + API_URL + "</bundle></feature>\n"
                + "</features>\n";
        ReleaseArchive archive = inspect(write(ArchiveFixtures.release().withFeatures(xml)));
        assertEquals(List.of(new ArchivedFeature("greeter", "1.1.0", List.of(API_URL))), archive.features());
    }

    @Test
    public void bundleLocationThatIsNotMvnIsRejected() throws Exception {
        Path file = write(ArchiveFixtures.release().put(FEATURES, ArchiveFixtures.featuresXml(API_URL,
                "file:/tmp/evil.jar")));
        rejected(Reason.INVALID_FEATURES, () -> inspect(file),
                "feature greeter 1.1.0 names bundle \"file:/tmp/evil.jar\", which is not a plain mvn: URL");
    }

    @Test
    public void wrappedBundleLocationIsRejected() throws Exception {
        Path file = write(ArchiveFixtures.release().put(FEATURES, ArchiveFixtures.featuresXml("wrap:" + API_URL)));
        rejected(Reason.INVALID_FEATURES, () -> inspect(file), "names bundle \"wrap:" + API_URL + "\"");
    }

    @Test
    public void bundleFoundNowhereIsMissing() throws Exception {
        Path file = write(ArchiveFixtures.release().put(FEATURES, ArchiveFixtures.featuresXml(API_URL, IMPL_URL,
                "mvn:org.example/x/1.0")));
        rejected(Reason.MISSING_BUNDLE, () -> inspect(file), "feature greeter 1.1.0 names bundle mvn:org.example/x/1.0,"
                + " found neither in the archive nor in the distribution's repository");
    }

    @Test
    public void bundleOnlyInTheDistributionPasses() throws Exception {
        Path file = write(ArchiveFixtures.release().withFeatures(ArchiveFixtures.featuresXml(SCR, API_URL)));
        ReleaseArchive archive = inspector().inspect(file, NAME, SCR::equals);
        assertEquals(List.of(SCR, API_URL), archive.features().get(0).bundleLocations());
    }

    @Test
    public void bundleMissingFromTheArchiveButNamedInTheChecksumsIsStillMissing() throws Exception {
        ArchiveFixtures archive = ArchiveFixtures.release().remove(ArchiveFixtures.IMPL);
        Path file = write(archive);
        rejected(Reason.MISSING_BUNDLE, () -> inspect(file), "names bundle " + IMPL_URL + ", found neither");
    }
}
