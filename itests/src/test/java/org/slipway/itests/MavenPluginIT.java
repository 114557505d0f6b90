package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.junit.Test;

/**
 * slipway-maven-plugin in a user's build: a tiny application outside this repository ({@link TinyApp}, with
 * its own POMs under target/) builds its release archive, changelog and check with only the plugin added.
 * Four releases, each built by a real Maven run, offline, on this build's local repository: 1.0.0 (the first:
 * an archive, nothing to compare), 1.1.0 (API method added, minor: accepted), 1.2.0 (a method removed behind
 * a minor version: the build fails, bnd suggests 2.0.0), 2.0.0 (the API goes 2.0.0 while the client 1.0.0
 * that stays imports [1.0,2): the build fails, as the live upgrade would be refused). And the archive signed with
 * a key whose password comes from settings.xml, never from the POM.
 */
public class MavenPluginIT {

    private final TinyApp app = new TinyApp(Path.of("target", "tiny-app").toAbsolutePath());

    @Test
    public void aUsersBuildMakesTheArchiveTheChangelogAndTheCheck() throws Exception {
        app.write("1.0.0", null, "1.0.0", "hello", null);
        String first = build(0);
        Path kar1 = app.root().resolve("tiny.features/target/tiny.features-1.0.0.kar");
        assertTrue(first, Files.isRegularFile(kar1));
        try (ZipFile zip = new ZipFile(kar1.toFile())) {
            List<String> names = zip.stream().map(e -> e.getName()).toList();
            assertEquals(names.toString(), List.of("META-INF/MANIFEST.MF", "META-INF/slipway-checksums.sha256",
                    "repository/org/slipway/itests/tiny/tiny.api/1.0.0/tiny.api-1.0.0.jar",
                    "repository/org/slipway/itests/tiny/tiny.client/1.0.0/tiny.client-1.0.0.jar",
                    "repository/org/slipway/itests/tiny/tiny.features/1.0.0/tiny.features-1.0.0-features.xml"),
                    names);
        }
        assertTrue(first, first.contains("No release to compare with"));
        byte[] firstBytes = Files.readAllBytes(kar1);

        String previous = TinyApp.GROUP + ":tiny.features:1.1.0";
        app.write("1.1.0", TinyApp.GROUP + ":tiny.features:1.0.0", "1.1.0", "hello", "bye");
        String second = build(0);
        Path changelog = app.root().resolve("tiny.features/target/slipway/changelog-tiny-1.0.0-to-1.1.0.md");
        String md = Files.readString(changelog);
        assertTrue(md, md.contains("| tiny.api | tiny.api | 1.0.0 | 1.1.0 | minor | minor | 1.1.0 |"));
        assertTrue(md, md.contains("- `ADDED method tiny.api.Hello.bye()`"));
        assertTrue(md, md.contains("| tiny.client | 1.0.0 | 1.0.0 | unchanged |"));
        String json = Files.readString(app.root().resolve("tiny.features/target/slipway/changelog-tiny-1.0.0-to-1.1.0.json"));
        assertTrue(json, json.contains("\"apiChange\":\"MINOR\""));
        String check = Files.readString(app.root().resolve("tiny.features/target/slipway/check-tiny-1.0.0-to-1.1.0.md"));
        assertTrue(check, check.contains("**Accepted**"));
        assertTrue(second, second.contains("BUILD SUCCESS"));

        app.write("1.2.0", previous, "1.2.0", "hello", null);
        String understated = build(1);
        assertTrue(understated, understated.contains("tiny 1.1.0 -> 1.2.0 understates its API change"));
        assertTrue(understated, understated.contains("tiny 1.1.0 -> 1.2.0 is a minor release, but its API change is"
                + " major: tiny.api (major)"));
        assertTrue(understated, understated.contains("Package tiny.api of tiny.api goes 1.1.0 -> 1.2.0 (minor), but"
                + " its API change is major; bnd suggests 2.0.0"));

        app.write("2.0.0", previous, "2.0.0", "greet", null);
        String refused = build(1);
        assertTrue(refused, refused.contains("tiny 1.1.0 -> 2.0.0 would be refused by a live feature:upgrade"));
        assertTrue(refused, refused.contains("Bundle tiny.client 1.0.0 [2] imports tiny.api [1.0,2), but the"
                + " upgrade offers 2.0.0"));

        app.write("1.0.0", null, "1.0.0", "hello", null);
        build(0);
        assertTrue("the archive is reproducible", java.util.Arrays.equals(firstBytes, Files.readAllBytes(kar1)));
    }

    @Test
    public void theArchiveIsSignedWithAKeyWhosePasswordComesFromSettings() throws Exception {
        app.write("1.0.0", null, "1.0.0", "hello", null);
        Path keystore = app.root().resolve("release-key.p12");
        Files.deleteIfExists(keystore);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "s3cret-pass",
                "-alias", "release", "-keyalg", "EC", "-dname", "CN=Tiny Release", "-validity", "30")
                .redirectErrorStream(true).start();
        assertEquals(new String(keytool.getInputStream().readAllBytes()), 0, keytool.waitFor());
        Path settings = app.root().resolve("settings.xml");
        Files.writeString(settings, "<settings><servers><server><id>release-key</id>"
                + "<password>s3cret-pass</password></server></servers></settings>");

        String signed = build(0, "-s", settings.toString(), "-Dslipway.keystore=" + keystore,
                "-Dslipway.alias=release", "-Dslipway.serverId=release-key");
        assertTrue(signed, signed.contains("signed by \"release\""));
        Path kar = app.root().resolve("tiny.features/target/tiny.features-1.0.0.kar");
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(kar.toFile(), true)) {
            List<java.util.jar.JarEntry> entries = java.util.Collections.list(jar.entries());
            for (java.util.jar.JarEntry entry : entries) {
                jar.getInputStream(entry).readAllBytes(); // verifies the entry's digest against the signature
                if (!entry.getName().startsWith("META-INF/") || entry.getName().equals("META-INF/slipway-checksums.sha256")) {
                    assertTrue(entry.getName() + " is signed", entry.getCodeSigners() != null
                            && entry.getCodeSigners()[0].getSignerCertPath().getCertificates().get(0).toString()
                                    .contains("CN=Tiny Release"));
                }
            }
        }

        String wrongAlias = build(1, "-Dslipway.keystore=" + keystore, "-Dslipway.alias=nobody",
                "-Dslipway.storepass=s3cret-pass");
        assertTrue(wrongAlias, wrongAlias.contains("has no key \"nobody\" (it has [release])"));
        String noPassword = build(1, "-Dslipway.keystore=" + keystore, "-Dslipway.alias=release");
        assertTrue(noPassword, noPassword.contains("Signing needs -Dslipway.storepass or <serverId>"));
    }

    /** Runs the tiny application's build offline; returns its output after asserting its exit code. */
    private String build(int expectedExit, String... options) throws Exception {
        String maven = System.getProperty("slipway.maven.home");
        Path log = Files.createTempFile("tiny-app", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(maven, "bin", "mvn").toString(), "-B",
                "-o", "-ntp", "-Dmaven.repo.local=" + System.getProperty("slipway.local.repository")));
        command.addAll(List.of(options));
        command.add("install"); // no clean: TinyApp writes each release afresh, and the plugins a build
                                // binds by default (clean 2.5) are not in a fresh machine's repository
        Process build = new ProcessBuilder(command)
                .directory(app.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(5, TimeUnit.MINUTES)) {
            build.destroyForcibly().waitFor();
            throw new AssertionError("the tiny application's build did not end within 5 minutes");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (expectedExit == 0) {
            assertEquals(output, 0, build.exitValue());
        } else {
            assertNotEquals(output, 0, build.exitValue());
        }
        return output;
    }
}
