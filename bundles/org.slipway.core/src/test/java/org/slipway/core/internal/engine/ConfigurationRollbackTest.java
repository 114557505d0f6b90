package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.slipway.api.BundleChange;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.ConfigurationChange.Action;
import org.slipway.api.ConfigurationChange.Kind;
import org.slipway.api.HistoryEntry;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * A release that writes configurations and files: the plan shows them, and rollback and crash recovery put
 * back exactly what was there before (or remove what was not), from what the journal captured before the
 * change.
 */
public class ConfigurationRollbackTest extends EngineTestSupport {

    private static final ConfigurationChange GREETING = new ConfigurationChange(Kind.CONFIGURATION,
            "org.example.greeter", Action.UPDATE, Map.of("greeting", "Howdy", "api.key", "********"));
    private static final ConfigurationChange EXTRA = new ConfigurationChange(Kind.FILE, "etc/greeter-extra.cfg",
            Action.CREATE, Map.of());

    private void releaseOneTwoWritesConfiguration() throws Exception {
        runningOneOneZero();
        runtime.configurations.put("org.example.greeter", "{greeting=Hello}");
        runtime.writes.put("greeter/1.2.0", List.of(GREETING, EXTRA));
    }

    @Test
    public void planShowsTheConfigurationsAndFilesTheReleaseWrites() throws Exception {
        releaseOneTwoWritesConfiguration();
        UpgradeResult result = engine.upgrade(UpgradeRequest.of("greeter", "1.2.0").withSimulate(true));
        assertEquals(List.of(GREETING, EXTRA), result.plan().configurations());
        assertEquals("{greeting=Hello}", runtime.configurations.get("org.example.greeter"));
    }

    @Test
    public void failedVerificationPutsBackTheConfigurationAndRemovesTheNewFile() throws Exception {
        releaseOneTwoWritesConfiguration();
        runtime.verifyProblems.put("greeter/1.2.0", List.of("component failed"));
        UpgradeFailedException e = assertThrows(UpgradeFailedException.class, () -> upgrade("1.2.0"));
        assertEquals(Outcome.ROLLED_BACK, e.getResult().outcome());
        assertEquals(Map.of("org.example.greeter", "{greeting=Hello}"), runtime.configurations);
        assertEquals(List.of("restore etc/greeter-extra.cfg,org.example.greeter"), runtime.calls("restore"));
    }

    @Test
    public void crashRecoveryPutsBackWhatTheJournalCapturedBeforeTheChange() throws Exception {
        releaseOneTwoWritesConfiguration();
        runtime.haltAt = "VERIFYING";
        assertThrows(FixtureRuntime.Halt.class, () -> upgrade("1.2.0"));
        assertEquals("the release wrote its configuration", 2, runtime.configurations.size());

        HistoryEntry recovery = restart().recover().orElseThrow();

        assertEquals(Outcome.ROLLED_BACK, recovery.outcome());
        assertEquals(Map.of("org.example.greeter", "{greeting=Hello}"), runtime.configurations);
    }

    @Test
    public void releaseFromARepositoryThatWritesAPlatformConfigurationOrFileIsRefusedBeforeAnyChange() throws Exception {
        runningOneOneZero();
        runtime.writes.put("greeter/1.2.0", List.of(
                new ConfigurationChange(Kind.CONFIGURATION, "org.apache.karaf.shell", Action.UPDATE,
                        Map.of("sshHost", "0.0.0.0")),
                new ConfigurationChange(Kind.FILE, "etc/users.properties", Action.UPDATE, Map.of()),
                new ConfigurationChange(Kind.FILE, "/opt/elsewhere/x", Action.CREATE, Map.of())));
        List<String> before = runtime.snapshot();

        UpgradeRefusedException e = assertThrows(UpgradeRefusedException.class, () -> upgrade("1.2.0"));

        assertEquals(List.of("The change would write configuration org.apache.karaf.shell, a configuration of the "
                + "platform; a release may configure only its own PIDs" + PlatformGuard.INSTEAD,
                "The change would write etc/users.properties, a file of the platform (users and credentials); a "
                        + "release may write only its own files under etc/" + PlatformGuard.INSTEAD,
                "The change would write /opt/elsewhere/x, an absolute path, outside etc/; a release may write only "
                        + "its own files under etc/" + PlatformGuard.INSTEAD),
                e.getProblems().stream().map(p -> p.message()).toList());
        assertEquals(before, runtime.snapshot());
        assertEquals(List.of(), runtime.calls("install"));
    }

    @Test
    public void platformFeatureInstalledAsADependencyMayWriteItsOwnConfiguration() throws Exception {
        runningOneOneZero();
        runtime.platformFeatures.add("pax-web-http");
        ConfigurationChange paxWeb = new ConfigurationChange(Kind.CONFIGURATION, "org.ops4j.pax.web", Action.CREATE,
                Map.of("org.osgi.service.http.port", "8181"), "pax-web-http/8.0.34");
        runtime.writes.put("greeter/1.2.0", List.of(paxWeb));

        assertEquals(Outcome.COMMITTED, upgrade("1.2.0").outcome());
    }

    @Test
    public void aPlatformConfigurationTheFeaturesServiceLeavesAsItIsIsNoChange() throws Exception {
        runningOneOneZero();
        runtime.writes.put("greeter/1.2.0", List.of(new ConfigurationChange(Kind.CONFIGURATION,
                "jmx.acl.org.apache.camel", Action.KEEP, Map.of("*", "*"), "camel-core/3.22.4"),
                new ConfigurationChange(Kind.CONFIGURATION, "org.apache.karaf.shell", Action.KEEP,
                        Map.of("sshHost", "0.0.0.0"), "greeter/1.2.0")));

        assertEquals(Outcome.COMMITTED, upgrade("1.2.0").outcome());
    }

    @Test
    public void aJmxAclIsTheApplicationsOnlyForTheDomainOfItsOwnBundles() {
        List<BundleChange> camel = List.of(new BundleChange(BundleChange.Action.UPDATE,
                "org.apache.camel.camel-api", "3.18.8", "3.22.4", "new version", "camel-core/3.22.4"));
        ConfigurationChange own = new ConfigurationChange(Kind.CONFIGURATION, "jmx.acl.org.apache.camel",
                Action.CREATE, Map.of("*", "*"), "camel-core/3.22.4");
        assertEquals(List.of(), PlatformGuard.touched(plan(camel, own), List.of(), Platform.NONE));

        for (ConfigurationChange foreign : List.of(
                new ConfigurationChange(Kind.CONFIGURATION, "jmx.acl.org.apache.camel", Action.CREATE,
                        Map.of("*", "*"), "other/1.0.0"),
                new ConfigurationChange(Kind.CONFIGURATION, "jmx.acl.org.apache.karaf.bundle", Action.UPDATE,
                        Map.of("*", "*"), "camel-core/3.22.4"),
                new ConfigurationChange(Kind.CONFIGURATION, "jmx.acl", Action.UPDATE, Map.of("*", "*"),
                        "camel-core/3.22.4"),
                new ConfigurationChange(Kind.CONFIGURATION, "jmx.acl.java.lang.Memory", Action.UPDATE,
                        Map.of("*", "*"), "camel-core/3.22.4"),
                new ConfigurationChange(Kind.CONFIGURATION, "jmx.acl.org", Action.CREATE, Map.of("*", "*"),
                        "camel-core/3.22.4"))) {
            List<String> problems = PlatformGuard.touched(plan(camel, foreign), List.of(), Platform.NONE);
            assertEquals(foreign.target(), List.of("The change would write configuration " + foreign.target()
                    + ", a configuration of the platform; a release may configure only its own PIDs"
                    + PlatformGuard.INSTEAD), problems);
        }
    }

    private static org.slipway.api.Plan plan(List<BundleChange> bundles, ConfigurationChange configuration) {
        return new org.slipway.api.Plan("camel-jackson", "3.18.8", "3.22.4", bundles, List.of(), List.of(),
                List.of(), false, List.of(), List.of(configuration));
    }

    @Test
    public void committedChangeKeepsWhatItWrote() throws Exception {
        releaseOneTwoWritesConfiguration();
        assertEquals(Outcome.COMMITTED, upgrade("1.2.0").outcome());
        assertEquals(2, runtime.configurations.size());
        assertEquals(List.of(), runtime.calls("restore"));
    }
}
