package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.slipway.core.internal.archive.ArchiveFixtures.API_URL;
import static org.slipway.core.internal.archive.ArchiveFixtures.FEATURES;
import static org.slipway.core.internal.archive.ArchiveFixtures.features;
import static org.slipway.core.internal.archive.ArchiveFixtures.greeter;

import java.nio.file.Path;
import java.util.List;

import org.junit.Test;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * What a release may refer to beyond its own features: repositories, feature dependencies, feature names,
 * libraries and start levels.
 */
public class ArchiveConfinementTest extends ArchiveTestSupport {

    private static final String GREETER = "    <feature name=\"greeter\" version=\"1.1.0\"><bundle>" + API_URL
            + "</bundle></feature>";
    private static final String NOT_OWN_REPOSITORY = " refers to a repository that is not one of the distribution's"
            + " own; a release may refer only to those";
    private static final String NOT_OFFERED = ", which this archive does not define and the distribution does not"
            + " offer to applications; a release may depend only on its own features and those the distribution"
            + " offers";
    private static final String EARLY = ", before the application start level 80; application code must not start"
            + " before the platform (and its crash recovery)";

    @Test
    public void repositoryOutsideTheArchiveIsRefused() throws Exception {
        forbidden(features("    <repository>file:/tmp/x.xml</repository>", GREETER), "features XML \"" + FEATURES
                + "\": <repository>file:/tmp/x.xml</repository>" + NOT_OWN_REPOSITORY);
        forbidden(features("    <repository>http://example.org/x.xml</repository>", GREETER), "features XML \""
                + FEATURES + "\": <repository>http://example.org/x.xml</repository>" + NOT_OWN_REPOSITORY);
    }

    @Test
    public void featuresXmlHiddenInTheArchiveUnderAnotherExtensionIsNoRepositoryOfTheDistribution()
            throws Exception {
        String hidden = "repository/org/slipway/example/greeter/1.1.0/greeter-1.1.0-features.cfg";
        Path file = write(ArchiveFixtures.release()
                .put(hidden, features("    <feature name=\"evil\"><library type=\"boot\">" + API_URL
                        + "</library></feature>"))
                .put(FEATURES, features("    <repository>mvn:org.slipway.example/greeter/1.1.0/cfg/features"
                        + "</repository>", GREETER)));
        rejected(Reason.FORBIDDEN_ELEMENT, () -> inspectInDistribution(file), "features XML \"" + FEATURES
                + "\": <repository>mvn:org.slipway.example/greeter/1.1.0/cfg/features</repository>"
                + NOT_OWN_REPOSITORY);
    }

    @Test
    public void resourceRepositoryIsCheckedLikeARepository() throws Exception {
        forbidden(features("    <resource-repository>https://example.org/obr.xml</resource-repository>", GREETER),
                "features XML \"" + FEATURES + "\": <resource-repository>https://example.org/obr.xml"
                        + "</resource-repository>" + NOT_OWN_REPOSITORY);
    }

    @Test
    public void repositoryOfTheDistributionPasses() throws Exception {
        ReleaseArchive archive = inspectInDistribution(withFeatures(features("    <repository>" + STANDARD
                + "</repository>", GREETER)));
        assertEquals(List.of(new ArchivedFeature("greeter", "1.1.0", List.of(API_URL))), archive.features());
    }

    @Test
    public void dependencyOnAFeatureTheDistributionDoesNotOfferIsRefused() throws Exception {
        forbidden(greeter("<feature>management</feature>"), "feature greeter 1.1.0: <feature>management</feature>"
                + " depends on feature \"management\"" + NOT_OFFERED);
        forbidden(greeter("<feature prerequisite=\"true\">kar</feature>"), "feature greeter 1.1.0:"
                + " <feature prerequisite=\"true\">kar</feature> depends on feature \"kar\" as a prerequisite"
                + NOT_OFFERED);
        for (String name : List.of("webconsole", "wrap")) {
            forbidden(greeter("<feature version=\"[4,5)\">" + name + "</feature>"), "feature greeter 1.1.0:"
                    + " <feature version=\"[4,5)\">" + name + "</feature> depends on feature \"" + name + "\""
                    + NOT_OFFERED);
        }
    }

    @Test
    public void dependencyInsideAConditionalIsCheckedTheSame() throws Exception {
        forbidden(greeter("<conditional>", "    <condition>scr</condition>", "    <feature>webconsole</feature>",
                "</conditional>"), "feature greeter 1.1.0: <feature>webconsole</feature> inside <conditional>"
                        + " depends on feature \"webconsole\"" + NOT_OFFERED);
    }

    @Test
    public void dependenciesOnOwnAndOfferedFeaturesPass() throws Exception {
        ReleaseArchive archive = inspectInDistribution(withFeatures(features(
                "    <feature name=\"greeter\" version=\"1.1.0\">",
                "        <feature prerequisite=\"true\">scr</feature>",
                "        <feature version=\"1.1.0\">greeter-tools</feature>",
                "        <bundle>" + API_URL + "</bundle>",
                "        <conditional><condition>webconsole</condition><feature>http-whiteboard</feature></conditional>",
                "    </feature>",
                "    <feature name=\"greeter-tools\" version=\"1.1.0\"/>")));

        assertEquals(List.of(new ArchivedDependency("scr", "", true, List.of()),
                new ArchivedDependency("greeter-tools", "1.1.0", false, List.of()),
                new ArchivedDependency("http-whiteboard", "", false, List.of("webconsole"))),
                archive.features().get(0).dependencies());
    }

    @Test
    public void inspectorOfADistributionOfferingNothingRefusesEveryFeatureOutsideTheArchive() throws Exception {
        Path file = withFeatures(greeter("<feature>scr</feature>"));
        rejected(Reason.FORBIDDEN_ELEMENT, () -> inspect(file), "feature greeter 1.1.0: <feature>scr</feature>"
                + " depends on feature \"scr\"" + NOT_OFFERED);
    }

    @Test
    public void featureNamedLikeThePlatformIsRefused() throws Exception {
        String slipway = "    <feature name=\"slipway\" version=\"9.9.9\"><bundle>" + API_URL + "</bundle></feature>";
        forbidden(features(GREETER, slipway), "feature slipway 9.9.9: the name \"slipway\" is a feature of the"
                + " platform; an application release cannot define or replace it");
        Path file = withFeatures(features(slipway));
        rejected(Reason.FORBIDDEN_ELEMENT, () -> inspect(file), "feature slipway 9.9.9: the name \"slipway\"");
        forbidden(features("    <feature name=\"scr\" version=\"2.2.6\"><bundle>" + API_URL + "</bundle></feature>"),
                "feature scr 2.2.6: the name \"scr\" is a feature of the platform; an application release cannot"
                        + " define or replace it");
    }

    @Test
    public void libraryIsRefused() throws Exception {
        forbidden(greeter("<library type=\"boot\" export=\"true\">" + API_URL + "</library>"), "feature greeter"
                + " 1.1.0: <library export=\"true\" type=\"boot\">" + API_URL + "</library> would add a boot library"
                + " to the platform; a release cannot add boot, endorsed, extension or default libraries");
        forbidden(greeter("<library>" + API_URL + "</library>"), "feature greeter 1.1.0: <library>" + API_URL
                + "</library> would add a default library to the platform; a release cannot add boot, endorsed,"
                + " extension or default libraries");
    }

    @Test
    public void bundleStartingBeforeTheApplicationStartLevelIsRefused() throws Exception {
        forbidden(greeter("<bundle start-level=\"1\">" + ArchiveFixtures.IMPL_URL + "</bundle>"), "feature greeter"
                + " 1.1.0: <bundle start-level=\"1\">" + ArchiveFixtures.IMPL_URL + "</bundle> would start at start"
                + " level 1" + EARLY);
        forbidden(greeter("<bundle start-level=\"79\">" + ArchiveFixtures.IMPL_URL + "</bundle>"), "feature greeter"
                + " 1.1.0: <bundle start-level=\"79\">" + ArchiveFixtures.IMPL_URL + "</bundle> would start at start"
                + " level 79" + EARLY);
    }

    @Test
    public void bundleStartingEarlyInsideAConditionalIsRefused() throws Exception {
        forbidden(ArchiveFixtures.featuresXml(API_URL, ArchiveFixtures.IMPL_URL).replace("start-level=\"80\"",
                "start-level=\"30\""), "feature greeter 1.1.0: <bundle start-level=\"30\">" + ArchiveFixtures.IMPL_URL
                        + "</bundle> inside <conditional> would start at start level 30" + EARLY);
    }

    @Test
    public void featureStartingItsBundlesEarlyIsRefused() throws Exception {
        forbidden(features("    <feature name=\"greeter\" version=\"1.1.0\" start-level=\"5\"><bundle>" + API_URL
                + "</bundle></feature>"), "feature greeter 1.1.0: <feature name=\"greeter\" start-level=\"5\""
                        + " version=\"1.1.0\"> would start its bundles at start level 5" + EARLY);
    }

    @Test
    public void applicationStartLevelAndLaterAndKarafsDefaultPass() throws Exception {
        ReleaseArchive archive = inspectInDistribution(withFeatures(features(
                "    <feature name=\"greeter\" version=\"1.1.0\" start-level=\"90\">",
                "        <bundle start-level=\"80\">" + API_URL + "</bundle>",
                "        <bundle start-level=\"0\">" + ArchiveFixtures.IMPL_URL + "</bundle>",
                "    </feature>")));
        assertEquals(List.of(API_URL, ArchiveFixtures.IMPL_URL), archive.features().get(0).bundleLocations());
    }

    @Test
    public void firstForbiddenElementInDocumentOrderIsReported() throws Exception {
        forbidden(greeter("<feature>kar</feature>", "<library>" + API_URL + "</library>",
                "<config name=\"org.apache.karaf.shell\"/>"), "feature greeter 1.1.0: <feature>kar</feature>"
                        + " depends on feature \"kar\"" + NOT_OFFERED);
        forbidden(greeter("<config name=\"org.apache.karaf.shell\"/>", "<feature>kar</feature>"), "feature greeter"
                + " 1.1.0: <config name=\"org.apache.karaf.shell\"> would change configuration org.apache.karaf.shell,"
                + " a configuration of the platform; a release may configure only its own PIDs");
    }

    @Test
    public void longElementIsQuotedShortened() throws Exception {
        String name = "f".repeat(1000);
        forbidden(greeter("<feature>" + name + "</feature>"), "feature greeter 1.1.0: <feature>" + "f".repeat(160)
                + "...(840 more characters)</feature> depends on feature \"" + "f".repeat(160)
                + "...(840 more characters)\"" + NOT_OFFERED);
    }
}
