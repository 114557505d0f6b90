package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.slipway.itests.Archives.GREETER_EXTRA_CONTENT;
import static org.slipway.itests.Archives.GREETER_EXTRA_FILE;
import static org.slipway.itests.Archives.GREETER_EXTRA_URL;
import static org.slipway.itests.Archives.GREETER_PID;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.ConfigurationChange.Action;
import org.slipway.api.ConfigurationChange.Kind;
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployResult;
import org.slipway.api.DeployService;
import org.slipway.api.HistoryEntry;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * Everything a release carries goes through the checks and the rollback, on the running distribution.
 * <p>
 * Archives built from the real greeter-1.3.0 archive (checksums recomputed, so that only what the features XML
 * carries is on trial) that reach beyond the application's confinement — platform files and configurations,
 * files outside {@code etc/} or from outside the archive, foreign repositories, platform features and
 * feature names, libraries, early start levels — and jars of platform bundles are refused before any change;
 * afterwards no file of the instance outside {@code data/} differs, nothing appeared beside it, Config Admin
 * holds the same configurations, SSH is still on loopback, the JVM listens on no new port and greeter 1.1.0
 * runs as before.
 * <p>
 * A legitimate release that writes configuration {@code org.example.greeter} and the file
 * {@code etc/org.example.greeter.extra.cfg} shows both in its plan (the password masked) and writes nothing when
 * simulated; writes both when it commits; and when it fails, the automatic rollback puts the configuration back
 * exactly (every property, with its type) and removes the file. Crash recovery of the same release is
 * {@link ReleaseContentRecoveryIT}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReleaseContentIT extends SlipwayTestSupport {

    /**
     * Felix fileinstall polls etc/ every second (felix.fileinstall.poll = 1000) and creates, updates or deletes a
     * configuration from a .cfg file there: this is long enough for it to have acted on what a change left.
     */
    private static final Duration FILEINSTALL_SETTLES = Duration.ofSeconds(3);
    private static final String GREETER_CFG = "etc/" + GREETER_PID + ".cfg";
    /** The configuration Felix fileinstall makes of {@link Archives#GREETER_EXTRA_FILE}, a .cfg in etc/. */
    private static final String EXTRA_PID = "org.example.greeter.extra";
    private static final String IMPL_1_3_0 = "<bundle>mvn:org.slipway.example/org.slipway.example.greeter.impl/1.3.0"
            + "</bundle>";

    @Inject
    protected DeployService deployer;

    @Inject
    protected ReleaseService releases;

    @Inject
    protected ConfigurationAdmin configurations;

    @Before
    public void greeterOneOneRunsAndNothingOfGreeterOneThreeIsLeft() throws Exception {
        greeterOneOneWithoutTheArchive();
        deleteRecursively(system().resolve("org/slipway/example/greeter-extra"));
        boolean deleted = false;
        for (String file : List.of(GREETER_CFG, GREETER_EXTRA_FILE)) {
            deleted |= Files.deleteIfExists(base().resolve(file));
        }
        if (deleted) {
            // fileinstall deletes the configurations it made of them at its next poll; then nothing moves
            Thread.sleep(FILEINSTALL_SETTLES.toMillis());
        }
        for (String pid : List.of(GREETER_PID, EXTRA_PID)) {
            for (Configuration configuration : configurations(pid)) {
                configuration.delete();
            }
        }
    }

    // ---------------------------------------------------------------- A. what the features XML carries

    @Test
    public void archivesReachingBeyondTheApplicationAreRefusedAndNothingOfTheInstanceChanges() throws Exception {
        Instance before = instance();
        assertEquals("SSH listens on loopback to begin with", "127.0.0.1", sshHost());
        assertTrue("this JVM's listening ports are seen, SSH's on loopback: " + before.listening(),
                before.listening().contains("127.0.0.1:8101"));
        List<String> failures = new ArrayList<>();
        List<String> report = new ArrayList<>();

        for (Attack attack : attacks()) {
            Path archive = Archives.variant(Archives.greeter("1.3.0"), temp(attack.archive()), true, attack.edit());

            Refusal refusal = deploy(archive);

            report.add(attack.archive() + " -> " + refusal);
            List<String> wrong = new ArrayList<>();
            if (!refusal.refused()) {
                wrong.add("not refused: " + refusal);
            } else if (!refusal.message().contains(attack.named())) {
                wrong.add("refused without naming \"" + attack.named() + "\": " + refusal.message());
            }
            wrong.addAll(differences(before, instance()));
            if (!"127.0.0.1".equals(sshHost())) {
                wrong.add("SSH host is now " + sshHost());
            }
            if (Files.exists(base().resolve("../../evil").normalize())) {
                wrong.add("wrote " + base().resolve("../../evil").normalize());
            }
            if (!wrong.isEmpty()) {
                failures.add(attack.archive() + ": " + String.join("\n    ", wrong));
                greeterOneOneRunsAndNothingOfGreeterOneThreeIsLeft(); // so that the next attack starts clean
                before = instance();
            }
        }

        System.out.println("ReleaseContentIT attacks:\n  " + String.join("\n  ", report));
        assertTrue("Every attack is refused and leaves the instance as it was:\n" + String.join("\n", failures)
                + "\n\nAll outcomes:\n" + String.join("\n", report), failures.isEmpty());
        assertEquals("1.1.0", releases.installedVersion("greeter").orElse(null));
        waitForGreeter("1.1.0");
    }

    /** One hostile archive: its file name, what its refusal must name, and how it differs from greeter 1.3.0. */
    private record Attack(String archive, String named, Consumer<Map<String, byte[]>> edit) {
    }

    private static List<Attack> attacks() {
        String offered = ", which this archive does not define and the distribution does not offer to applications";
        String notOwnRepository = " refers to a repository that is not one of the distribution's own";
        List<Attack> attacks = new ArrayList<>(List.of(
                configFile("configfile-users.kar", "${karaf.etc}/users.properties",
                        "would write etc/users.properties, a file of the platform (users and credentials)"),
                configFile("configfile-base-climb.kar", "${karaf.base}/../../evil", "would write ../../evil, outside etc/"),
                configFile("configfile-climb.kar", "../../evil", "would write ../../evil, outside etc/"),
                configFile("configfile-boot-lib.kar", "lib/boot/evil.jar", "would write lib/boot/evil.jar, outside etc/"),
                configFile("configfile-bin.kar", "bin/evil", "would write bin/evil, outside etc/"),
                configFile("configfile-shell-init.kar", "etc/shell.init.script", "would write etc/shell.init.script,"
                        + " a file of the platform (a script every shell session runs)"),
                configFile("configfile-env-overlay.kar", "${karaf.etc}/env/prod/org.example.greeter.cfg",
                        "would write etc/env/prod/org.example.greeter.cfg, a file of the platform (an environment's"
                        + " overlay, which is the operator's)"),
                new Attack("configfile-file-location.kar", "would write etc/copy.properties from"
                        + " \"file:${karaf.etc}/users.properties\", which is not a file of the archive",
                        e -> Archives.addToGreeter(e, "<configfile finalname=\"etc/copy.properties\">"
                                + "file:${karaf.etc}/users.properties</configfile>")),
                element("config-ssh-host.kar", "<config name=\"org.apache.karaf.shell\" override=\"true\">sshHost = 0.0.0.0"
                        + "</config>", "would change configuration org.apache.karaf.shell, a configuration of the platform"),
                element("config-slipway-deploy.kar", "<config name=\"org.slipway.deploy\">requireSignatures = false</config>",
                        "would change configuration org.slipway.deploy, a configuration of the platform"),
                element("config-fileinstall.kar", "<config name=\"org.apache.felix.fileinstall~x\">"
                        + "felix.fileinstall.dir = /tmp</config>", "would create a factory configuration of"
                                + " org.apache.felix.fileinstall, a configuration of the platform"),
                repository("repository-file.kar", "file:/tmp/x.xml", notOwnRepository),
                repository("repository-http.kar", "http://example.org/x.xml", notOwnRepository),
                new Attack("repository-hidden.kar", "<repository>mvn:org.slipway.example/greeter/1.3.0/cfg/features"
                        + "</repository>" + notOwnRepository, e -> {
                            // a second features XML under another extension, which Karaf would read all the same
                            e.put("repository/org/slipway/example/greeter/1.3.0/greeter-1.3.0-features.cfg", (""
                                    + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                    + "<features name=\"hidden\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                                    + "    <feature name=\"hidden\" version=\"1.0.0\">\n"
                                    + "        <feature>management</feature>\n"
                                    + "        <config name=\"org.apache.karaf.shell\">sshHost = 0.0.0.0</config>\n"
                                    + "    </feature>\n"
                                    + "</features>\n").getBytes(StandardCharsets.UTF_8));
                            Archives.editFeatures(e, "<feature name=\"greeter\"", "<repository>"
                                    + "mvn:org.slipway.example/greeter/1.3.0/cfg/features</repository>\n"
                                    + "    <feature name=\"greeter\"");
                        })));
        for (String platform : List.of("management", "webconsole", "kar", "wrap")) {
            attacks.add(element("dependency-" + platform + ".kar", "<feature>" + platform + "</feature>",
                    "<feature>" + platform + "</feature> depends on feature \"" + platform + "\"" + offered));
        }
        attacks.add(new Attack("feature-named-slipway.kar", "feature slipway 9.9.9: the name \"slipway\" is a feature"
                + " of the platform", e -> Archives.editFeatures(e, "name=\"greeter\" version=\"1.3.0\"",
                        "name=\"slipway\" version=\"9.9.9\"")));
        attacks.add(element("library.kar", "<library type=\"boot\">"
                + "mvn:org.slipway.example/org.slipway.example.greeter.api/1.1.0</library>",
                "would add a boot library to the platform"));
        // Issue 23: expressions the platform would expand with the host's environment, properties or secrets
        String expands = ", which the platform would expand with the host's environment, system properties or secrets";
        for (String expression : List.of("$[secret:users.properties]", "${env:HOME}", "$[env:HOME]", "$[prop:user.name]")) {
            attacks.add(element("config-" + expression.replaceAll("[^a-z]", "") + ".kar", "<config name=\""
                    + EXTRA_PID + "\">password = " + expression + "</config>", "carries the expression \"" + expression
                    + "\"" + expands));
        }
        attacks.add(new Attack("configfile-secret.kar", "<configfile finalname=\"etc/" + EXTRA_PID + ".cfg\"> from "
                + GREETER_EXTRA_URL + " carries the expression \"$[secret:users.properties]\"" + expands, e -> {
                    e.put(Archives.GREETER_EXTRA_ENTRY, "password = $[secret:users.properties]\n"
                            .getBytes(StandardCharsets.UTF_8));
                    Archives.addToGreeter(e, "<configfile finalname=\"etc/" + EXTRA_PID + ".cfg\">" + GREETER_EXTRA_URL
                            + "</configfile>");
                }));
        attacks.add(new Attack("unreferenced-jar.kar", "entry \"repository/org/example/tool/1.0/tool-1.0.jar\" is under"
                + " repository/ but no feature", e -> e.put("repository/org/example/tool/1.0/tool-1.0.jar",
                        "not used by any feature".getBytes(StandardCharsets.UTF_8))));
        attacks.add(new Attack("start-level-1.kar", "would start at start level 1, before the application start"
                + " level 80", e -> Archives.editFeatures(e, IMPL_1_3_0, IMPL_1_3_0.replace("<bundle>",
                        "<bundle start-level=\"1\">"))));
        return attacks;
    }

    /** A configfile to {@code finalname} whose content is a file of the archive, so that only the target is wrong. */
    private static Attack configFile(String archive, String finalname, String named) {
        return new Attack(archive, named, e -> {
            e.put(Archives.GREETER_EXTRA_ENTRY, GREETER_EXTRA_CONTENT.getBytes(StandardCharsets.UTF_8));
            Archives.addToGreeter(e, "<configfile finalname=\"" + finalname + "\">" + GREETER_EXTRA_URL
                    + "</configfile>");
        });
    }

    private static Attack element(String archive, String element, String named) {
        return new Attack(archive, named, e -> Archives.addToGreeter(e, element));
    }

    private static Attack repository(String archive, String url, String named) {
        return new Attack(archive, "<repository>" + url + "</repository>" + named, e -> Archives.editFeatures(e,
                "<feature name=\"greeter\"", "<repository>" + url + "</repository>\n    <feature name=\"greeter\""));
    }

    // ---------------------------------------------------------------- B. platform bundles as jars

    @Test
    public void jarsOfPlatformBundlesAreRefusedNamingTheBundleAndNothingChanges() throws Exception {
        Bundle core = bundle("org.slipway.core");
        Bundle shell = bundle("org.apache.karaf.shell.core");
        Path coreJar = manifestOnlyJar(temp("org.slipway.core-9.9.9.jar"), "org.slipway.core", "9.9.9");
        Path shellJar = reversioned(shell, "4.4.99", temp("org.apache.karaf.shell.core-4.4.99.jar"));
        Instance before = instance();

        Map<Path, Bundle> jars = new LinkedHashMap<>();
        jars.put(coreJar, core);
        jars.put(shellJar, shell);
        for (Map.Entry<Path, Bundle> jar : jars.entrySet()) {
            Bundle platform = jar.getValue();
            Refusal refusal = deploy(jar.getKey());

            System.out.println("ReleaseContentIT jar " + jar.getKey().getFileName() + " -> " + refusal);
            assertTrue(refusal.toString(), refusal.refused() && refusal.kind().equals("REFUSED"));
            assertTrue(refusal.message(), refusal.message().contains("Bundle " + platform.getSymbolicName() + " "
                    + platform.getVersion() + " [" + platform.getBundleId() + "] is part of the platform"));
            assertEquals(jar.getKey().getFileName() + " changes nothing", List.of(), differences(before, instance()));
        }
        waitForGreeter("1.1.0");
    }

    // ---------------------------------------------------------------- C. a legitimate release's content

    @Test
    public void simulatedDeployShowsTheConfigurationAndFileItWouldWriteMaskedAndWritesNothing() throws Exception {
        givenGreeterConfiguration();
        Path archive = legitimateRelease();
        Instance before = instance();

        DeployResult result = deployer.deploy(DeployRequest.of(archive.toString()).withSimulate(true));

        assertEquals(Outcome.SIMULATED, result.outcome());
        assertEquals(List.of(
                new ConfigurationChange(Kind.CONFIGURATION, GREETER_PID, Action.UPDATE,
                        Map.of("greeting", "Howdy", "api.password", "********"), "greeter/1.3.0"),
                new ConfigurationChange(Kind.FILE, GREETER_EXTRA_FILE, Action.CREATE, Map.of(), "greeter/1.3.0")),
                result.results().get(0).plan().configurations().stream().map(c -> c.with(c.action(), List.of()))
                        .toList());
        ConfigurationChange greeter = result.results().get(0).plan().configurations().get(0);
        assertEquals("override replaces every key: each is listed with the release as its source",
                List.of("api.password null ******** RELEASE", "count 42 null RELEASE", "greeting Hello Howdy RELEASE",
                        "names RELEASE"), greeter.keys().stream().map(k -> k.name().equals("names")
                                ? k.name() + " " + k.source() : k.name() + " " + k.from() + " " + k.to() + " " + k.source())
                        .toList());
        String printed = executeCommand("release:deploy --simulate -v " + archive);
        assertTrue(printed, printed.contains("config    update " + GREETER_PID + " {"));
        assertTrue(printed, printed.contains("api.password=********"));
        assertTrue(printed, printed.contains("file      create " + GREETER_EXTRA_FILE));
        assertFalse("the secret is never printed: " + printed, printed.contains("s3cret"));
        assertEquals("nothing was written", List.of(), differences(before, instance()));
        assertEquals(greeterBefore(), typed(configurations(GREETER_PID)));
    }

    /**
     * A committed release's file stays when the operator rolls back to 1.1.0, but its configuration goes: the
     * rollback merges the release configurations three ways (issue 19), and 1.1.0 declares no {@value
     * Archives#GREETER_PID}, whose keys the operator did not change since 1.3.0 wrote them, so the configuration is
     * deleted. Karaf itself uninstalls greeter 1.3.0 without deleting configurations.
     */
    @Test
    public void committedReleaseWritesItsConfigurationAndFileAndARollbackTo110LeavesThem() throws Exception {
        givenGreeterConfiguration();

        DeployResult deployed = deployer.deploy(DeployRequest.of(legitimateRelease().toString()));

        assertEquals(deployed.summary(), Outcome.COMMITTED, deployed.outcome());
        waitForGreeter("1.3.0");
        Map<String, String> written = typed(configurations(GREETER_PID));
        assertEquals(written.toString(), "String Howdy", written.get("greeting"));
        assertEquals(written.toString(), "String s3cret", written.get("api.password"));
        assertFalse("override replaces the configuration: " + written, written.containsKey("count"));
        assertEquals(GREETER_EXTRA_CONTENT, Files.readString(base().resolve(GREETER_EXTRA_FILE)));

        UpgradeResult back = releases.rollback(RollbackRequest.previous("greeter").withVersion("1.1.0"));

        assertEquals(back.summary(), Outcome.COMMITTED, back.outcome());
        assertEquals("the rollback deletes the configuration 1.3.0 declared", List.of(Action.DELETE),
                back.plan().configurations().stream().map(ConfigurationChange::action).toList());
        waitForGreeter("1.1.0");
        Thread.sleep(FILEINSTALL_SETTLES.toMillis());
        Map<String, String> after = typed(configurations(GREETER_PID));
        System.out.println("ReleaseContentIT after rollback to 1.1.0: " + GREETER_PID + " = " + after + "; "
                + GREETER_EXTRA_FILE + (Files.exists(base().resolve(GREETER_EXTRA_FILE)) ? " exists" : " absent"));
        assertEquals("1.3.0's configuration, untouched by the operator, is deleted", Map.of(), after);
        assertEquals("1.3.0's file stays", GREETER_EXTRA_CONTENT, Files.readString(base().resolve(GREETER_EXTRA_FILE)));
        HistoryEntry last = last(releases.history("greeter"));
        assertEquals(List.of(HistoryEntry.Action.ROLLBACK, "1.3.0", "1.1.0", Outcome.COMMITTED),
                List.of(last.action(), last.from(), last.to(), last.outcome()));
    }

    @Test
    public void failingReleaseIsRolledBackWithItsConfigurationExactlyAsBeforeAndItsFileRemoved() throws Exception {
        givenGreeterConfiguration();
        Path broken = Archives.variant(Archives.greeter("1.3.0"), temp("broken-content-1.3.1.kar"), true, e -> {
            // as DeployIT's failing release: 1.3.1 names 1.2.0's impl, which throws in its DS constructor
            Archives.editFeatures(e, "version=\"1.3.0\"", "version=\"1.3.1\"");
            Archives.editFeatures(e, "org.slipway.example.greeter.impl/1.3.0", "org.slipway.example.greeter.impl/1.2.0");
            rename(e, "greeter/1.3.0/greeter-1.3.0-features.xml", "greeter/1.3.1/greeter-1.3.1-features.xml");
            e.keySet().removeIf(n -> n.contains("greeter.impl/1.3.0"));
            Archives.addGreeterContent(e);
        });
        Instance before = instance();
        List<String> events = new CopyOnWriteArrayList<>();
        ServiceRegistration<ConfigurationListener> listener = context.registerService(ConfigurationListener.class,
                event -> {
                    if (event.getPid().startsWith(GREETER_PID)) {
                        events.add(event.getPid() + (event.getType() == ConfigurationEvent.CM_DELETED ? " deleted"
                                : " updated"));
                    }
                }, null);
        try {
            deployer.deploy(DeployRequest.of(broken.toString()));
            fail("a release that cannot activate must fail");
        } catch (UpgradeFailedException expected) {
            assertEquals(expected.getMessage(), Outcome.ROLLED_BACK, expected.getResult().outcome());
            assertTrue(expected.getMessage(), expected.getMessage().endsWith("greeter 1.1.0 is running."));
        } finally {
            Thread.sleep(FILEINSTALL_SETTLES.toMillis()); // what fileinstall does with what the rollback left
            listener.unregister();
        }
        waitForGreeter("1.1.0");

        System.out.println("ReleaseContentIT failing release, configuration events: " + events);
        assertTrue("the release wrote the configuration, and the rollback wrote it back: " + events,
                Collections.frequency(events, GREETER_PID + " updated") >= 2);
        assertEquals("configuration " + GREETER_PID + ", every property with its type", greeterBefore(),
                typed(configurations(GREETER_PID)));
        assertFalse(GREETER_EXTRA_FILE + " is removed", Files.exists(base().resolve(GREETER_EXTRA_FILE)));
        assertEquals("nothing else differs either", List.of(), differences(before, instance()));
        assertEquals("ROLLED_BACK", last(releases.history("greeter")).outcome().name());
    }

    /**
     * As above, but the rollback comes only after Felix fileinstall has read the files the release wrote: Karaf
     * stores the overriding configuration in etc/org.example.greeter.cfg (configCfgStore) and fileinstall manages
     * every .cfg in etc/, the release's etc/org.example.greeter.extra.cfg included. When such a file disappears,
     * fileinstall deletes the configuration it stands for, found by its felix.fileinstall.filename or, failing
     * that, by the PID the file is named after: the rollback must leave fileinstall nothing to delete. A health
     * check that refuses greeter 1.3.0 keeps verification going until its timeout, long past fileinstall's next
     * poll.
     */
    @Test
    public void releaseFailingAfterFileinstallReadItsFilesIsRolledBackWithItsConfigurationExactlyAsBefore()
            throws Exception {
        givenGreeterConfiguration();
        Path archive = legitimateRelease();
        Instance before = instance();
        List<String> events = new CopyOnWriteArrayList<>();
        ServiceRegistration<ConfigurationListener> listener = context.registerService(ConfigurationListener.class,
                event -> events.add(event.getPid() + (event.getType() == ConfigurationEvent.CM_DELETED ? " deleted"
                        : " updated")), null);
        Hashtable<String, Object> name = new Hashtable<>(Map.of(HealthCheck.NAME, "refuses-greeter-1.3.0"));
        ServiceRegistration<HealthCheck> check = context.registerService(HealthCheck.class, () -> {
            FormattingResultLog log = new FormattingResultLog();
            if (bundle("org.slipway.example.greeter.impl").getVersion().toString().equals("1.3.0")) {
                log.critical("the test refuses greeter 1.3.0");
            } else {
                log.info("fine");
            }
            return new Result(log);
        }, name);
        try {
            deployer.deploy(DeployRequest.of(archive.toString()).withTimeout(Duration.ofSeconds(5)));
            fail("the health check refuses greeter 1.3.0");
        } catch (UpgradeFailedException expected) {
            assertEquals(expected.getMessage(), Outcome.ROLLED_BACK, expected.getResult().outcome());
            assertTrue(expected.getMessage(), expected.getMessage().contains("refuses-greeter-1.3.0"));
        } finally {
            Thread.sleep(FILEINSTALL_SETTLES.toMillis()); // what fileinstall does with what the rollback left
            check.unregister();
            listener.unregister();
        }
        waitForGreeter("1.1.0");

        List<String> ours = events.stream().filter(e -> e.startsWith(GREETER_PID)).toList();
        System.out.println("ReleaseContentIT release failing after fileinstall read its files, configuration events: "
                + ours);
        assertTrue("fileinstall made a configuration of the release's file while it was verified: " + ours,
                ours.contains(EXTRA_PID + " updated"));
        assertEquals("configuration " + GREETER_PID + ", every property with its type", greeterBefore(),
                typed(configurations(GREETER_PID)));
        assertFalse(GREETER_EXTRA_FILE + " is removed", Files.exists(base().resolve(GREETER_EXTRA_FILE)));
        assertEquals("nothing else differs either", List.of(), differences(before, instance()));
    }

    // ---------------------------------------------------------------- the instance, observed

    /**
     * What a refused change must leave as it was: every file of the instance but data/ (its journal, history and
     * log live there), by SHA-256 (folders as such); what is beside the instance; every configuration; the TCP
     * ports this JVM listens on; every bundle.
     */
    private record Instance(Map<String, String> files, Set<String> beside, Map<String, Map<String, String>> configurations,
            Set<String> listening, Map<String, String> bundles) {
    }

    private Instance instance() throws Exception {
        return new Instance(files(), beside(), allConfigurations(), listening(), everyBundle());
    }

    /** @return one line per difference; empty when none */
    private static List<String> differences(Instance before, Instance after) {
        List<String> differences = new ArrayList<>();
        differences.addAll(diff("file", before.files(), after.files()));
        differences.addAll(diff("beside the instance", asMap(before.beside()), asMap(after.beside())));
        differences.addAll(diff("configuration", before.configurations(), after.configurations()));
        differences.addAll(diff("listening port", asMap(before.listening()), asMap(after.listening())));
        differences.addAll(diff("bundle", before.bundles(), after.bundles()));
        return differences;
    }

    private static <V> List<String> diff(String what, Map<String, V> before, Map<String, V> after) {
        List<String> lines = new ArrayList<>();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            V was = before.get(key);
            V is = after.get(key);
            if (was == null) {
                lines.add("new " + what + " " + key + ": " + is);
            } else if (is == null) {
                lines.add("removed " + what + " " + key + " (was " + was + ")");
            } else if (!was.equals(is)) {
                lines.add("changed " + what + " " + key + ": " + was + " -> " + is);
            }
        }
        return lines;
    }

    private static Map<String, String> asMap(Set<String> set) {
        return set.stream().collect(Collectors.toMap(s -> s, s -> "", (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> files() throws IOException {
        Path base = base();
        Path data = Path.of(System.getProperty("karaf.data")).toAbsolutePath().normalize();
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path path : walk.filter(p -> !p.startsWith(data) && !p.equals(base)).toList()) {
                files.put(base.relativize(path).toString(), Files.isDirectory(path) ? "(folder)"
                        : Archives.sha256(Files.readAllBytes(path)));
            }
        }
        return files;
    }

    /**
     * Every path in the folder above the instance but the instance itself, and the names in the folder above that
     * ({@code ../../evil} lands there).
     */
    private static Set<String> beside() throws IOException {
        Path base = base();
        Path parent = base.getParent();
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(parent)) {
            walk.filter(p -> !p.startsWith(base)).forEach(p -> paths.add(p.toString()));
        }
        try (Stream<Path> list = Files.list(parent.getParent())) {
            list.forEach(p -> paths.add(p.toString()));
        }
        return paths;
    }

    /** Every configuration: PID to its properties, each as its type and value. */
    private Map<String, Map<String, String>> allConfigurations() throws Exception {
        Map<String, Map<String, String>> all = new TreeMap<>();
        Configuration[] found = configurations.listConfigurations(null);
        for (Configuration configuration : found == null ? new Configuration[0] : found) {
            all.put(configuration.getPid(), typed(configuration.getProperties()));
        }
        return all;
    }

    private Configuration[] configurations(String pid) throws Exception {
        Configuration[] found = configurations.listConfigurations("(service.pid=" + pid + ")");
        return found == null ? new Configuration[0] : found;
    }

    private String sshHost() throws Exception {
        Configuration[] shell = configurations("org.apache.karaf.shell");
        Object host = shell.length == 1 ? shell[0].getProperties().get("sshHost") : null;
        return String.valueOf(host);
    }

    /** The configuration's properties, each as its type and value; empty when there is no configuration. */
    private static Map<String, String> typed(Configuration[] configurations) {
        assertTrue("at most one configuration", configurations.length <= 1);
        return configurations.length == 0 ? Map.of() : typed(configurations[0].getProperties());
    }

    private static Map<String, String> typed(Dictionary<String, Object> properties) {
        Map<String, String> typed = new TreeMap<>();
        if (properties != null) {
            for (String key : Collections.list(properties.keys())) {
                typed.put(key, typed(properties.get(key)));
            }
        }
        return typed;
    }

    private static String typed(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return value.getClass().getComponentType().getSimpleName() + "[] " + items;
        }
        return (value == null ? "null" : value.getClass().getSimpleName()) + " " + value;
    }

    /**
     * The TCP ports this JVM listens on ({@code /proc/net/tcp} and {@code tcp6} entries in state LISTEN whose
     * socket is one of this process's file descriptors): other processes on the machine are not the instance's
     * doing, and anything a release could open would be in this JVM.
     */
    private static Set<String> listening() throws IOException {
        Assume.assumeTrue("needs Linux's /proc/net/tcp", Files.exists(Path.of("/proc/net/tcp")));
        Set<String> sockets = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // not a socket of ours any more
                }
            }
        }
        Set<String> listening = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length > 9 && fields[3].equals("0A") && sockets.contains(fields[9])) {
                    listening.add(address(fields[1]));
                }
            }
        }
        return listening;
    }

    /**
     * {@code 0100007F:1F95} to {@code 127.0.0.1:8085}: the address as the kernel prints it, in 32-bit words of host
     * (little-endian) byte order; an IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}) as the IPv4 address.
     */
    private static String address(String hex) throws IOException {
        String[] parts = hex.split(":");
        byte[] address = new byte[parts[0].length() / 2];
        for (int word = 0; word < address.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                address[word * 4 + i] = (byte) Integer.parseInt(parts[0].substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(address).getHostAddress() + ":" + Integer.parseInt(parts[1], 16);
    }

    // ---------------------------------------------------------------- helpers

    /** What a deploy ended with, when it was refused: REJECTED with the reason, or REFUSED. */
    private record Refusal(boolean refused, String kind, String message) {
        @Override
        public String toString() {
            return kind + ": " + message;
        }
    }

    private Refusal deploy(Path archive) {
        try {
            DeployResult result = deployer.deploy(DeployRequest.of(archive.toString()));
            return new Refusal(false, "DEPLOYED " + result.outcome(), result.summary());
        } catch (ArchiveRejectedException e) {
            return new Refusal(e.getReason() == Reason.FORBIDDEN_ELEMENT, "REJECTED " + e.getReason(), e.getMessage());
        } catch (UpgradeRefusedException e) {
            return new Refusal(true, "REFUSED", e.getMessage());
        } catch (Exception e) {
            return new Refusal(false, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    /** greeter 1.3.0 as released, writing configuration org.example.greeter and etc/org.example.greeter.extra.cfg. */
    private static Path legitimateRelease() throws IOException {
        return Archives.variant(Archives.greeter("1.3.0"), temp("greeter-1.3.0.kar"), true, Archives::addGreeterContent);
    }

    /** The configuration greeter 1.1.0 runs with: a string, a Long and a String[]. */
    private static Hashtable<String, Object> greeterProperties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("greeting", "Hello");
        properties.put("count", 42L);
        properties.put("names", new String[] {"Ada", "Grace"});
        return properties;
    }

    private static Map<String, String> greeterBefore() {
        Map<String, String> before = typed(greeterProperties());
        before.put("service.pid", "String " + GREETER_PID);
        return before;
    }

    private void givenGreeterConfiguration() throws Exception {
        configurations.getConfiguration(GREETER_PID, null).update(greeterProperties());
        assertEquals(greeterBefore(), typed(configurations(GREETER_PID)));
        assertFalse(Files.exists(base().resolve(GREETER_EXTRA_FILE)));
    }

    private static Path manifestOnlyJar(Path target, String symbolicName, String version) throws IOException {
        return TestBundles.manifestOnly(target, symbolicName, version, null);
    }

    /** The installed bundle's own jar, with Bundle-Version {@code version}. */
    private static Path reversioned(Bundle bundle, String version, Path target) throws IOException {
        try (InputStream in = new URL(bundle.getLocation()).openStream(); JarInputStream jar = new JarInputStream(in)) {
            Manifest manifest = jar.getManifest();
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry entry; (entry = jar.getNextJarEntry()) != null;) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    jar.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    private static Path base() {
        return Path.of(System.getProperty("karaf.base")).toAbsolutePath().normalize();
    }

    /** A file under data/tmp/: data/ is outside what the tests compare. */
    private static Path temp(String name) throws IOException {
        Path folder = Path.of(System.getProperty("karaf.data"), "tmp", "release-content-it");
        Files.createDirectories(folder);
        return folder.resolve(name);
    }

    private static void rename(Map<String, byte[]> entries, String from, String to) {
        String name = entries.keySet().stream().filter(n -> n.endsWith(from)).findFirst().orElseThrow();
        entries.put(name.replace(from, to), entries.remove(name));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
