package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * The KARs users already have: greeter 1.3.0 as karaf-maven-plugin's own {@code kar} goal writes it (built by this
 * module's {@code plain-kar} execution, no checksum manifest), driven through {@code bin/slipway} as an operator
 * would. Refused with how to seal it when {@code requireSealed = true}, nothing changed; deployed with a warning
 * naming it by default; sealed by {@code bin/slipway seal}, deployed without the warning. One instance.
 */
public class PlainKarIT {

    private static final int OK = 0;
    private static final int USAGE = 2;
    private static final int REFUSED = 4;
    private static final String IMPL_1_3_0 = "system/org/slipway/example/org.slipway.example.greeter.impl/1.3.0";

    private static SlipwayProcess slipway;

    @BeforeClass
    public static void start() throws Exception {
        slipway = SlipwayProcess.started("process-plain-kar", "feature:install greeter/1.1.0");
    }

    @AfterClass
    public static void stop() throws Exception {
        slipway.destroy();
    }

    @Test
    public void plainKarIsRefusedWhenSealedIsRequiredDeploysWithAWarningAndDeploysSealedWithout() throws Exception {
        Path plain = Files.copy(Path.of(System.getProperty("slipway.plain.kar")),
                slipway.home().resolve("greeter-1.3.0.kar"));
        try (ZipFile zip = new ZipFile(plain.toFile())) {
            assertTrue("karaf-maven-plugin wrote it", zip.getEntry("META-INF/maven/org.slipway/org.slipway.itests/pom.xml") != null);
            assertTrue("it is not sealed", zip.getEntry(Archives.CHECKSUMS) == null);
        }
        Path cfg = slipway.home().resolve("etc/org.slipway.deploy.cfg");
        String defaults = Files.readString(cfg);
        assertTrue(defaults, defaults.contains("\nrequireSealed = false\n"));
        List<String> system = listing(slipway.home().resolve("system"));

        Files.writeString(cfg, defaults.replace("requireSealed = false", "requireSealed = true"));
        try {
            // simulated until the new configuration applies: before, the archive would be deployed
            slipway.awaitOutput(REFUSED, "sealed archives are required", "upgrade", plain.toString(), "--simulate");
            Run refused = slipway.slipway("upgrade", plain.toString()).expect(REFUSED);
            assertTrue(refused.toString(), refused.out().contains("Rejected greeter-1.3.0.kar: greeter-1.3.0.kar has no"
                    + " checksum manifest META-INF/slipway-checksums.sha256, and sealed archives are required"
                    + " (requireSealed = true): seal it with the slipway-maven-plugin's archive goal, or: bin/slipway"
                    + " seal greeter-1.3.0.kar. Nothing was installed."));
            assertEquals("a refused archive changes nothing in system/", system,
                    listing(slipway.home().resolve("system")));
            assertTrue(greeting().endsWith("[greeter 1.1.0]"));
        } finally {
            Files.writeString(cfg, defaults);
        }

        Run deployed = slipway.awaitOutput(OK, "greeter 1.3.0 is running.", "upgrade", plain.toString());
        String warning = "WARNING: Archive greeter-1.3.0.kar is not sealed (no META-INF/slipway-checksums.sha256): its"
                + " integrity rests on zip CRCs only; seal it with the slipway-maven-plugin's archive goal, or:"
                + " bin/slipway seal greeter-1.3.0.kar";
        assertTrue(deployed.toString(), deployed.out().contains(warning));
        assertTrue(deployed.toString(), deployed.out().contains("Upgraded greeter 1.1.0 -> 1.3.0 in "));
        assertTrue(greeting(), greeting().startsWith("Good day, Ada!"));
        assertTrue(Files.isDirectory(slipway.home().resolve(IMPL_1_3_0)));
        Run json = slipway.slipway("upgrade", plain.toString(), "--json").expect(OK);
        assertTrue(json.toString(), json.out().contains("\"outcome\":\"NO_CHANGES\""));
        assertTrue(json.toString(), json.out().contains("is not sealed (no META-INF/slipway-checksums.sha256)"));
        slipway.slipway("rollback", "greeter", "1.1.0").expect(OK);

        Path sealed = slipway.home().resolve("sealed/greeter-1.3.0.kar");
        Files.createDirectories(sealed.getParent());
        Run seal = slipway.slipway("seal", plain.toString(), sealed.toString()).expect(OK);
        assertTrue(seal.toString(), seal.out().contains("release greeter/1.3.0, 6 entries"));
        assertTrue(seal.toString(), seal.out().contains("Left out: META-INF/maven/org.slipway/org.slipway.itests/pom.properties, "
                + "META-INF/maven/org.slipway/org.slipway.itests/pom.xml"));
        assertTrue(slipway.slipway("seal", plain.toString(), sealed.toString()).expect(USAGE).err()
                .contains(sealed + " exists: not overwritten"));
        Path hostile = Archives.variant(plain, slipway.home().resolve("hostile.kar"), false,
                entries -> entries.put("repository/../../bin/setenv", new byte[1]));
        Run rejected = slipway.slipway("seal", hostile.toString(), slipway.home()
                .resolve("hostile-sealed.kar").toString()).expect(REFUSED);
        assertTrue(rejected.toString(), rejected.err().contains("entry \"repository/../../bin/setenv\" would be written"
                + " outside system/. Nothing was written."));
        assertFalse(Files.exists(slipway.home().resolve("hostile-sealed.kar")));

        Run upgraded = slipway.slipway("upgrade", sealed.toString()).expect(OK);
        assertTrue(upgraded.toString(), upgraded.out().contains("Upgraded greeter 1.1.0 -> 1.3.0 in "));
        assertFalse(upgraded.toString(), upgraded.out().contains("not sealed"));
        assertTrue(greeting(), greeting().startsWith("Good day, Ada!"));
    }

    private static String greeting() throws Exception {
        return SlipwayProcess.httpGet("http://127.0.0.1:8181/greet?name=Ada").strip();
    }

    /** Every file below {@code folder} with its size. */
    private static List<String> listing(Path folder) throws Exception {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(f -> folder.relativize(f) + " " + f.toFile().length())
                    .sorted().toList();
        }
    }


}
