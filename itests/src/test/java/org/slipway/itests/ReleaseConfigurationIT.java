package org.slipway.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.ConfigurationChange.Key;
import org.slipway.api.ConfigurationChange.Source;
import org.slipway.api.ConfigurationChoice;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * Issue 19 on the real distribution: a release's configuration is merged three ways by real Karaf and Config
 * Admin, checked against the new bundle's OSGi Metatype, and its {@code $[secret:...]} references checked against
 * the secrets directory, all before anything changes. The release {@code settings} is a repository release (an
 * administrator's {@code feature:repo-add}): 1.0.0 declares {@code greeting = Hello}, {@code port}, {@code retired}
 * and a token from the secret {@code settings.token}; 1.1.0 changes the greeting's default, adds {@code mode},
 * drops {@code retired} and its bundle declares metatype (port an Integer, mode one of two options); 1.2.0 refers
 * to a secret that is not there.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReleaseConfigurationIT extends SlipwayTestSupport {

    private static final String PID = SettingsFixture.PID;
    private static final String FEATURE = "settings";
    private static final String SECRET = SettingsFixture.SECRET;
    private static final String SECRET_VALUE = "tok-7f3a9c1e55d2";

    /** The instance runs in environment staging, whose overlay changes the greeting; a system property `retired`. */
    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(),
                systemProperty("slipway.env").value("staging"),
                editConfigurationFilePut("etc/env/staging/" + PID + ".cfg", "greeting", "Staged"),
                systemProperty(PID + ".retired").value("gone"));
    }

    @Inject
    protected ReleaseService releases;

    @Inject
    protected ConfigurationAdmin configurations;

    /** settings 1.0.0 installed by the features service, its configuration as Karaf created it, the secret there. */
    @Before
    public void settingsOneZeroRunsWithItsDefaults() throws Exception {
        Path folder = folder();
        if (Files.notExists(folder.resolve("settings-features.xml"))) {
            features.addRepository(SettingsFixture.repository(folder).toUri());
        }
        for (Feature installed : features.listInstalledFeatures()) {
            if (installed.getName().equals(FEATURE)) {
                features.uninstallFeature(FEATURE, installed.getVersion());
            }
        }
        Configuration[] left = configurations.listConfigurations("(service.pid=" + PID + ")");
        for (Configuration configuration : left == null ? new Configuration[0] : left) {
            configuration.delete();
        }
        Files.createDirectories(secrets());
        Files.writeString(secrets().resolve(SECRET), SECRET_VALUE + "\n");
        features.installFeature(FEATURE, "1.0.0", EnumSet.noneOf(FeaturesService.Option.class));
        assertEquals(Map.of("greeting", "Hello", "port", "8080", "retired", "yes", "token",
                "$[secret:" + SECRET + "]"), values());
    }

    @Test
    public void anOperatorsEditSurvivesTheUpgradeAndTheRollbackWhileNewDefaultsComeAndGo() throws Exception {
        edit("port", "9090");

        UpgradeResult up = releases.upgrade(UpgradeRequest.of(FEATURE, "1.1.0"));

        assertEquals(up.summary(), Outcome.COMMITTED, up.outcome());
        assertEquals(Map.of("greeting", "Welcome", "port", "9090", "mode", "polite", "token",
                "$[secret:" + SECRET + "]"), values());
        assertEquals(List.of(new Key("greeting", "Hello", "Welcome", Source.RELEASE),
                new Key("mode", null, "polite", Source.RELEASE), new Key("port", "9090", "9090", Source.OPERATOR),
                new Key("retired", "yes", null, Source.RELEASE)), keys(up));
        assertEquals("the application gets the secret from Config Admin's interpolation plugin", SECRET_VALUE,
                configurations.getConfiguration(PID, null)
                        .getProcessedProperties(context.getServiceReference(ConfigurationAdmin.class)).get("token"));

        UpgradeResult back = releases.rollback(RollbackRequest.previous(FEATURE));

        assertEquals(back.summary(), Outcome.COMMITTED, back.outcome());
        assertEquals(Map.of("greeting", "Hello", "port", "9090", "retired", "yes", "token",
                "$[secret:" + SECRET + "]"), values());
        assertEquals(List.of(new Key("greeting", "Welcome", "Hello", Source.RELEASE),
                new Key("mode", "polite", null, Source.RELEASE), new Key("port", "9090", "9090", Source.OPERATOR),
                new Key("retired", null, "yes", Source.RELEASE)), keys(back));
    }

    /**
     * The environment's overlay and the process (here a system property, by Karaf's rule {@code pid.key}) reach
     * the code over the stored values, which the merge works on; release:config says which value wins and where
     * it comes from, the secret masked; the history records the environment.
     */
    @Test
    public void theEnvironmentAndTheProcessOverrideStoredValuesAndReleaseConfigShowsEachSource() throws Exception {
        edit("port", "9090");
        Dictionary<String, Object> delivered = configurations.getConfiguration(PID, null)
                .getProcessedProperties(context.getServiceReference(ConfigurationAdmin.class));
        assertEquals("Staged", delivered.get("greeting"));
        assertEquals("9090", delivered.get("port"));
        assertEquals("gone", delivered.get("retired"));
        assertEquals(SECRET_VALUE, delivered.get("token"));
        assertEquals("Hello", values().get("greeting"));

        List<String> shown = releases.configuration(FEATURE).stream().map(v -> v.configuration() + " " + v.key()
                + " = " + v.value() + " " + v.source() + " (default " + v.releaseDefault() + ", differs "
                + v.differs() + ")").toList();

        assertEquals(List.of(
                PID + " greeting = Staged ENVIRONMENT (default Hello, differs true)",
                PID + " port = 9090 OPERATOR (default 8080, differs true)",
                PID + " retired = gone PROCESS (default yes, differs true)",
                PID + " token = ******** RELEASE (default ********, differs false)"), shown);
        String table = executeCommand("release:config " + FEATURE, "viewer");
        assertTrue(table, table.startsWith("Environment: staging"));
        assertTrue(table, table.contains("ENVIRONMENT *"));
        assertFalse(table, table.contains(SECRET_VALUE));

        releases.upgrade(UpgradeRequest.of(FEATURE, "1.1.0"));
        assertEquals("staging", releases.history(FEATURE).get(releases.history(FEATURE).size() - 1).environment());
        assertTrue(executeCommand("release:history " + FEATURE, "viewer").contains("staging"));
    }

    @Test
    public void aKeyBothChangedIsRefusedNamingTheThreeValuesThenDecidedEitherWay() throws Exception {
        edit("greeting", "Hi");
        Map<String, String> before = values();

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> releases.upgrade(UpgradeRequest.of(FEATURE, "1.1.0")));

        assertTrue(refused.getMessage(), refused.getMessage().contains("Configuration " + PID + ", key greeting: the"
                + " operator changed it to \"Hi\", and settings 1.1.0 changes its default from \"Hello\" to \"Welcome\";"
                + " choose with --config=ours"));
        assertUnchanged(before);

        UpgradeResult ours = releases.upgrade(UpgradeRequest.of(FEATURE, "1.1.0")
                .withConfiguration(ConfigurationChoice.OURS));
        assertEquals(ours.summary(), Outcome.COMMITTED, ours.outcome());
        assertEquals("Hi", values().get("greeting"));
        assertEquals("polite", values().get("mode"));

        UpgradeResult back = releases.rollback(RollbackRequest.previous(FEATURE)
                .withConfiguration(ConfigurationChoice.OURS));
        assertEquals(back.summary(), Outcome.COMMITTED, back.outcome());
        assertEquals(before, values());

        UpgradeResult theirs = releases.upgrade(UpgradeRequest.of(FEATURE, "1.1.0")
                .withConfiguration(ConfigurationChoice.THEIRS));
        assertEquals(theirs.summary(), Outcome.COMMITTED, theirs.outcome());
        assertEquals("Welcome", values().get("greeting"));
    }

    @Test
    public void aValueTheNewCodeCannotReadIsRefusedBeforeAnyChange() throws Exception {
        edit("port", "eighty");
        Map<String, String> before = values();

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> releases.upgrade(UpgradeRequest.of(FEATURE, "1.1.0")));

        assertTrue(refused.getMessage(), refused.getMessage().contains("Configuration " + PID + ", key port: the value"
                + " \"eighty\" is not an Integer, which the metatype of org.example.settings/1.1.0 defines as Integer"
                + " (one value)"));
        assertUnchanged(before);

        edit("port", "8081");
        edit("mode", "rude"); // 1.1.0 adds mode: the operator's value wins the merge, then the metatype refuses it
        refused = assertThrows(UpgradeRefusedException.class, () -> releases.upgrade(UpgradeRequest.of(FEATURE,
                "1.1.0").withConfiguration(ConfigurationChoice.OURS)));
        assertTrue(refused.getMessage(), refused.getMessage().contains("key mode: the value \"rude\" is not one of"
                + " the options [polite, terse]"));
    }

    /** The bundle stays (1.1.0 in both releases), and so does its metatype: the new default must fit it too. */
    @Test
    public void aReleaseDefaultTheStayingBundleCannotReadIsRefused() throws Exception {
        assertEquals(Outcome.COMMITTED, releases.upgrade(UpgradeRequest.of(FEATURE, "1.1.0")).outcome());
        Map<String, String> before = values();

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> releases.upgrade(UpgradeRequest.of(FEATURE, "1.3.0")));

        assertTrue(refused.getMessage(), refused.getMessage().contains("Configuration " + PID + ", key port: the value"
                + " \"eighty\" is not an Integer, which the metatype of org.example.settings/1.1.0 defines as Integer"));
        assertEquals(Optional.of("1.1.0"), releases.installedVersion(FEATURE));
        assertEquals(before, values());
    }

    /** What the process environment would give the new code is checked too (Karaf's rule, as a system property). */
    @Test
    public void aValueTheProcessEnvironmentGivesIsCheckedAsTheCodeReceivesIt() throws Exception {
        System.setProperty(PID + ".mode", "loud");
        try {
            UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                    () -> releases.upgrade(UpgradeRequest.of(FEATURE, "1.1.0")));
            assertTrue(refused.getMessage(), refused.getMessage().contains("Configuration " + PID + ", key mode: the"
                    + " value \"loud\" (from the process environment) is not one of the options [polite, terse]"));
            assertEquals(Optional.of("1.0.0"), releases.installedVersion(FEATURE));
        } finally {
            System.clearProperty(PID + ".mode");
        }
        assertEquals(Outcome.COMMITTED, releases.upgrade(UpgradeRequest.of(FEATURE, "1.1.0")).outcome());
    }

    @Test
    public void aMissingSecretIsRefusedNamingPidAndKeyAndNoSecretReachesAnyOutput() throws Exception {
        Map<String, String> before = values();

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> releases.upgrade(UpgradeRequest.of(FEATURE, "1.2.0")));

        assertTrue(refused.getMessage(), refused.getMessage().contains("Configuration " + PID + ", key api.key refers"
                + " to $[secret:settings.missing], a secret that is not in the secrets directory"));
        assertUnchanged(before);

        List<String> outputs = new ArrayList<>();
        outputs.add(refused.getMessage());
        outputs.add(executeCommand("feature:upgrade --simulate --json " + FEATURE + " 1.1.0"));
        outputs.add(executeCommand("feature:upgrade -v " + FEATURE + " 1.1.0"));
        outputs.add(executeCommand("release:history --json " + FEATURE, "viewer"));
        outputs.add(executeCommand("feature:rollback " + FEATURE));
        outputs.add(shell("feature:upgrade " + FEATURE + " 1.2.0").output());
        assertTrue(outputs.get(1), outputs.get(1).contains("\"keys\"") && outputs.get(1).contains("\"RELEASE\""));
        assertTrue(outputs.get(2), outputs.get(2).contains("greeting: \"Hello\" -> \"Welcome\" (release)"));
        for (String output : outputs) {
            assertFalse("the secret is in: " + output, output.contains(SECRET_VALUE));
        }
        Path data = Path.of(System.getProperty("karaf.data"));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(data.resolve("cache")))
                    .filter(f -> !f.startsWith(data.resolve("tmp"))).toList()) {
                byte[] content = Files.readAllBytes(file);
                assertFalse("the secret is in " + file, new String(content, UTF_8).contains(SECRET_VALUE));
            }
        }
    }

    private void assertUnchanged(Map<String, String> before) throws Exception {
        assertEquals(Optional.of("1.0.0"), releases.installedVersion(FEATURE));
        assertEquals(before, values());
        assertEquals(List.of("1.0.0"), Stream.of(context.getBundles()).filter(b -> PID.equals(b.getSymbolicName()))
                .map(b -> b.getVersion().toString()).toList());
    }

    private static List<Key> keys(UpgradeResult result) {
        return result.plan().configurations().stream().filter(c -> c.target().equals(PID))
                .map(ConfigurationChange::keys).findFirst().orElseThrow();
    }

    private void edit(String key, String value) throws Exception {
        Configuration configuration = configurations.getConfiguration(PID, null);
        Dictionary<String, Object> properties = configuration.getProperties();
        properties.put(key, value);
        configuration.update(properties);
    }

    /** The configuration's properties as strings, without Config Admin's and Karaf's own. */
    private Map<String, String> values() throws Exception {
        Configuration[] found = configurations.listConfigurations("(service.pid=" + PID + ")");
        Map<String, String> values = new TreeMap<>();
        if (found != null) {
            Dictionary<String, Object> properties = found[0].getProperties();
            for (String key : java.util.Collections.list(properties.keys())) {
                if (!key.startsWith("service.") && !key.startsWith("org.apache.karaf.features")) {
                    values.put(key, String.valueOf(properties.get(key)));
                }
            }
        }
        return values;
    }

    private static Path secrets() {
        return Path.of(System.getProperty("karaf.base"), "secrets");
    }

    private static Path folder() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("karaf.data"), "tmp", "release-configuration-it"));
    }
}
