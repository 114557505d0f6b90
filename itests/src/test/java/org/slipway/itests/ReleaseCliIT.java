package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * The operator's workflow from outside the instance: {@code bin/slipway upgrade <archive.kar>},
 * {@code upgrade <feature> <version>}, {@code rollback}, {@code releases}, each with its documented exit
 * code; and signed archives when signatures are required. One instance for the class.
 */
public class ReleaseCliIT {

    private static final int OK = 0;
    private static final int USAGE = 2;
    private static final int NOT_RUNNING = 3;
    private static final int REFUSED = 4;
    private static final int ROLLED_BACK = 5;

    private static SlipwayProcess slipway;

    @BeforeClass
    public static void start() throws Exception {
        slipway = SlipwayProcess.started("process-cli", "feature:install greeter/1.1.0");
    }

    @AfterClass
    public static void stop() throws Exception {
        slipway.destroy();
    }

    @Test
    public void aConnectionDroppedDuringAChangeTakesItsOutcomeFromTheHistory() throws Exception {
        dropTheConnectionDuringAChange("ssh"); // Karaf's SSH client, killed
        dropTheConnectionDuringAChange("http"); // the management endpoint's connection, its bash ends killed
    }

    private void dropTheConnectionDuringAChange(String channel) throws Exception {
        MisbehavingBundles bundles = new MisbehavingBundles(Path.of("target", "process-cli-bundles-" + channel));
        Path good = bundles.activator("dropped.blocking", "1.0.0", MisbehavingBundles.Behaviour.WELL);
        Path blocking = bundles.activator("dropped.blocking", "1.1.0", MisbehavingBundles.Behaviour.BLOCK);
        slipway.slipway("client", "bundle:install -s " + good.toUri()).expect(OK);
        java.io.File out = Files.createTempFile("dropped", ".txt").toFile();
        ProcessBuilder builder = new ProcessBuilder(slipway.home().resolve("bin/slipway").toString(), "upgrade",
                blocking.toString(), "--timeout", "5").directory(slipway.home().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(out);
        builder.environment().put("SLIPWAY_CHANNEL", channel);
        Process upgrade = builder.start();
        try {
            if (channel.equals("ssh")) {
                ProcessHandle client = null;
                for (int i = 0; i < 100 && client == null; i++) {
                    client = upgrade.descendants().filter(p -> p.info().arguments().map(List::of)
                            .map(args -> args.contains("org.apache.karaf.client.Main")).orElse(false)).findFirst()
                            .orElse(null);
                    Thread.sleep(100);
                }
                assertTrue("bin/slipway runs Karaf's client", client != null);
                Thread.sleep(2500); // the change runs: its activator blocks until the 5 s bound interrupts it
                client.destroyForcibly();
            } else {
                Thread.sleep(2500);
                List<ProcessHandle> connection = upgrade.descendants().toList();
                assertTrue("bin/slipway's request runs in a subshell", !connection.isEmpty());
                connection.forEach(ProcessHandle::destroyForcibly);
            }

            assertTrue("bin/slipway ends", upgrade.waitFor(150, java.util.concurrent.TimeUnit.SECONDS));
            String output = Files.readString(out.toPath());
            assertEquals(channel + ": " + output, ROLLED_BACK, upgrade.exitValue());
            assertTrue(output, output.contains("The connection ended without an outcome; release:history records"));
            assertTrue(output, output.contains("\"outcome\":\"ROLLED_BACK\""));
        } finally {
            upgrade.descendants().forEach(ProcessHandle::destroyForcibly);
            upgrade.destroyForcibly();
            out.delete();
            slipway.slipway("client", "bundle:uninstall dropped.blocking");
        }
    }

    @Test
    public void upgradeRollbackAndReleasesExitAsDocumented() throws Exception {
        Path archive = Archives.greeter("1.3.0");
        slipway.slipway("rollback", "greeter", "1.1.0").expect(OK); // whatever another test left running

        Run releases = slipway.slipway("releases").expect(OK);
        assertTrue(releases.toString(), releases.out().matches(
                "(?s).*greeter\\s*[│|]\\s*1\\.1\\.0\\s*[│|]\\s*1\\.0\\.0, 1\\.1\\.0, 1\\.2\\.0,( 1\\.3\\.0,)? 2\\.0\\.0.*"));
        Run json = slipway.slipway("releases", "--json").expect(OK);
        assertTrue(json.toString(), json.out().contains("{\"feature\":\"greeter\",\"installed\":\"1.1.0\""));

        assertTrue(slipway.slipway("upgrade", "no-such.kar").expect(USAGE).err().contains("no such archive: no-such.kar"));
        assertTrue(slipway.slipway("upgrade", "greeter").expect(USAGE).err().contains("needs a feature and a version"));
        assertTrue(slipway.slipway("upgrade", archive.toString(), "--bogus").expect(USAGE).err().contains("--bogus"));
        Path junk = Files.writeString(slipway.home().resolve("junk.kar"), "junk");
        assertTrue(slipway.slipway("upgrade", junk.toString()).expect(REFUSED).out()
                .contains("Rejected junk.kar: junk.kar is not a zip archive"));
        assertTrue(slipway.slipway("upgrade", "greeter", "2.0.0").expect(REFUSED).out()
                .contains("imports org.slipway.example.greeter.api [1.1,2), but the upgrade offers 2.0.0"));
        assertTrue(slipway.slipway("upgrade", "greeter", "1.2.0").expect(ROLLED_BACK).out()
                .contains("was rolled back; greeter 1.1.0 is running."));

        Map<String, String> outside = filesOutsideDataAndSystem();
        Run deployed = slipway.slipway("upgrade", archive.toString(), "--json").expect(OK);
        assertEquals("a deploy writes under data/ and system/ only", outside, filesOutsideDataAndSystem());
        assertTrue(deployed.toString(), deployed.out().startsWith("{\"outcome\":\"COMMITTED\",\"archive\":\"greeter-1.3.0.kar\""));
        assertFalse("the outcome line is for bin/slipway only", deployed.out().contains("slipway-outcome"));
        assertTrue(SlipwayProcess.httpGet("http://127.0.0.1:8181/greet?name=Ada").startsWith("Good day, Ada!"));
        assertEquals("No changes.", slipway.slipway("upgrade", archive.toString()).expect(OK).out().strip());

        assertTrue(slipway.slipway("rollback", "greeter").expect(OK).out().contains("greeter 1.1.0 is running."));
        Run history = slipway.slipway("client", "release:history greeter").expect(OK);
        assertTrue(history.toString(), history.out().contains("DEPLOY"));
    }

    @Test
    public void requiredSignaturesRejectUnsignedAndUntrustedArchives() throws Exception {
        Path keys = Files.createDirectories(slipway.home().resolve("keys"));
        keyPair(keys, "trusted");
        keyPair(keys, "stranger");
        Path trusted = Files.createDirectories(slipway.home().resolve("etc/slipway-trusted"));
        run("keytool", "-exportcert", "-rfc", "-alias", "trusted", "-keystore", keys.resolve("trusted.p12").toString(),
                "-storepass", "changeit", "-file", trusted.resolve("trusted.pem").toString());
        Path unsigned = Archives.greeter("1.3.0");
        Path stranger = sign(keys, "stranger", unsigned);
        Path signed = sign(keys, "trusted", unsigned);
        Path cfg = slipway.home().resolve("etc/org.slipway.deploy.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("requireSignatures = false", "requireSignatures = true"));
        try {
            Run refused = slipway.awaitOutput(REFUSED, "is not signed", "upgrade", unsigned.toString());
            assertTrue(refused.toString(), refused.out().contains("Rejected greeter-1.3.0.kar: "));
            assertTrue(slipway.slipway("upgrade", stranger.toString()).expect(REFUSED).out().contains("CN=stranger"));
            Run accepted = slipway.slipway("upgrade", signed.toString()).expect(OK);
            assertTrue(accepted.toString(), accepted.out().contains("greeter 1.3.0 is running.")
                    || accepted.out().strip().equals("No changes."));
        } finally {
            Files.writeString(cfg, Files.readString(cfg).replace("requireSignatures = true", "requireSignatures = false"));
            awaitDefaults();
        }
    }

    @Test
    public void archivesOverTheSizeLimitAreRejected() throws Exception {
        Path cfg = slipway.home().resolve("etc/org.slipway.deploy.cfg");
        String original = Files.readString(cfg);
        Files.writeString(cfg, original.replace("maxArchiveSize = 104857600", "maxArchiveSize = 4096"));
        try {
            Run rejected = slipway.awaitOutput(REFUSED, "over the limit", "upgrade", Archives.greeter("1.3.0").toString());
            assertTrue(rejected.toString(), rejected.out().contains(
                    "Rejected greeter-1.3.0.kar: greeter-1.3.0.kar is over the limit of 4096 bytes (maxArchiveSize)"));
        } finally {
            Files.writeString(cfg, original);
            awaitDefaults();
        }
    }

    @Test
    public void commandsNeedARunningInstance() throws Exception {
        SlipwayProcess stopped = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")),
                Path.of("target", "process-cli-stopped"));
        assertTrue(stopped.slipway("upgrade", "greeter", "1.1.0").expect(NOT_RUNNING).err().contains("not running"));
        stopped.slipway("releases").expect(NOT_RUNNING);
    }

    /** Every file of the instance outside data/ and system/, with its size and modification time. */
    private static Map<String, String> filesOutsideDataAndSystem() throws Exception {
        Path home = slipway.home();
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = home.relativize(file).toString();
                if (!name.startsWith("data/") && !name.startsWith("system/")) {
                    files.put(name, Files.size(file) + " " + Files.getLastModifiedTime(file));
                }
            }
        }
        return files;
    }

    /** Waits until the default configuration applies again: the unsigned archive passes a simulated deploy. */
    private static void awaitDefaults() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (slipway.slipway("upgrade", Archives.greeter("1.3.0").toString(), "--simulate").exit() != OK) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("etc/org.slipway.deploy.cfg did not apply again within 30 s");
            }
            Thread.sleep(500);
        }
    }


    private static void keyPair(Path keys, String alias) throws Exception {
        run("keytool", "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + alias, "-validity", "30", "-storetype", "PKCS12", "-storepass", "changeit",
                "-keystore", keys.resolve(alias + ".p12").toString());
    }

    private static Path sign(Path keys, String alias, Path archive) throws Exception {
        Path signed = keys.resolve(alias).resolve(archive.getFileName());
        Files.createDirectories(signed.getParent());
        run("jarsigner", "-keystore", keys.resolve(alias + ".p12").toString(), "-storepass", "changeit",
                "-signedjar", signed.toString(), archive.toString(), alias);
        return signed;
    }

    private static void run(String tool, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", tool)
                .toString()));
        command.addAll(List.of(arguments));
        slipway.command(command.toArray(String[]::new)).expect(OK);
    }

}
