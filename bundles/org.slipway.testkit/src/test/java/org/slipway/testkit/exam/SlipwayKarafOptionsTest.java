package org.slipway.testkit.exam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.KarafDistributionBaseConfigurationOption;
import org.ops4j.pax.exam.karaf.options.KeepRuntimeFolderOption;
import org.ops4j.pax.exam.options.MavenArtifactProvisionOption;

/** The options boot the distribution and provision the kit of the version that built them. */
public class SlipwayKarafOptionsTest {

    @Test
    public void theDistributionAndTheKitAreOfTheKitsOwnVersionAndTheRuntimeFolderIsNotKept() {
        SlipwayKarafOptions options = SlipwayKarafOptions.distribution().withLocalRepository("/tmp/repo");
        String version = options.testkitVersion();
        assertTrue(version, version.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"));
        List<Option> all = Arrays.asList(options.options());

        KarafDistributionBaseConfigurationOption karaf = only(all, KarafDistributionBaseConfigurationOption.class);
        assertEquals("mvn:org.slipway/org.slipway.distribution/" + version + "/tar.gz", karaf.getFrameworkURL());
        assertEquals("mvn:org.slipway/org.slipway.testkit/" + version,
                only(all, MavenArtifactProvisionOption.class).getURL());
        assertTrue(all.stream().noneMatch(KeepRuntimeFolderOption.class::isInstance));
    }

    @Test
    public void aGivenVersionAndAKeptRuntimeFolderAreUsed() {
        List<Option> all = Arrays.asList(SlipwayKarafOptions.distribution().withVersion("0.9.0")
                .withKeepRuntimeFolder(true).options());

        assertEquals("mvn:org.slipway/org.slipway.distribution/0.9.0/tar.gz",
                only(all, KarafDistributionBaseConfigurationOption.class).getFrameworkURL());
        assertEquals(1, all.stream().filter(KeepRuntimeFolderOption.class::isInstance).count());
    }

    private static <T> T only(List<Option> options, Class<T> type) {
        List<T> found = options.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(found.toString(), 1, found.size());
        return found.get(0);
    }
}
