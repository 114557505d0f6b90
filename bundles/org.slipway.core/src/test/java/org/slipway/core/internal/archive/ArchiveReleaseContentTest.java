package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.slipway.core.internal.archive.ArchiveConfigFileTest.EXTRA;
import static org.slipway.core.internal.archive.ArchiveConfigFileTest.EXTRA_URL;
import static org.slipway.core.internal.archive.ArchiveFixtures.API_URL;
import static org.slipway.core.internal.archive.ArchiveFixtures.IMPL_URL;

import java.util.List;

import org.junit.Test;

/** What a legitimate release carries besides bundles, as the inspector shows it for a plan and the journal. */
public class ArchiveReleaseContentTest extends ArchiveTestSupport {

    @Test
    public void legitimateReleaseShowsItsConfigurationsFilesAndDependencies() throws Exception {
        String xml = ArchiveFixtures.features(
                "    <feature name=\"greeter\" version=\"1.1.0\">",
                "        <feature>scr</feature>",
                "        <config name=\"org.example.greeter\">",
                "            greeting = Hello",
                "        </config>",
                "        <configfile finalname=\"${karaf.etc}/org.example.greeter.extra.cfg\">" + EXTRA_URL
                        + "</configfile>",
                "        <bundle>" + API_URL + "</bundle>",
                "        <conditional>",
                "            <condition>http-whiteboard</condition>",
                "            <config name=\"org.example.greeter.web\" append=\"true\">context = /greeter</config>",
                "            <configfile finalname=\"etc/greeter/web.properties\" override=\"true\">" + EXTRA_URL
                        + "</configfile>",
                "            <bundle start-level=\"85\">" + IMPL_URL + "</bundle>",
                "        </conditional>",
                "    </feature>");

        ReleaseArchive archive = inspectInDistribution(write(ArchiveFixtures.release().put(EXTRA, "a = b\n")
                .put(ArchiveFixtures.FEATURES, xml)));

        List<String> web = List.of("http-whiteboard");
        assertEquals(List.of(new ArchivedFeature("greeter", "1.1.0", List.of(API_URL, IMPL_URL),
                List.of(new ArchivedConfig("org.example.greeter", "greeting = Hello", false, false, List.of()),
                        new ArchivedConfig("org.example.greeter.web", "context = /greeter", true, false, web)),
                List.of(new ArchivedConfigFile("etc/org.example.greeter.extra.cfg", EXTRA_URL, false, List.of()),
                        new ArchivedConfigFile("etc/greeter/web.properties", EXTRA_URL, true, web)),
                List.of(new ArchivedDependency("scr", "", false, List.of())))), archive.features());
    }

    @Test
    public void featureOfBundlesOnlyCarriesNothingElse() throws Exception {
        ArchivedFeature greeter = inspect(write(ArchiveFixtures.release())).features().get(0);
        assertEquals(List.of(), greeter.configurations());
        assertEquals(List.of(), greeter.configFiles());
        assertEquals(List.of(), greeter.dependencies());
    }
}
