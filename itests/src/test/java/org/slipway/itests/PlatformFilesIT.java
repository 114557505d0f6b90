package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * Karaf's features service rewrites its {@code state.json} and {@code digraph.json} in place; a kill -9 in the
 * middle of the write left an instance that never started again (the features core's activator fails on the torn
 * file). Each file torn three ways while the instance is down after a kill -9 — empty, cut in the middle, garbage —
 * and the next {@code bin/slipway start} repairs it before Karaf reads it, serves the committed release, says so in
 * {@code bin/slipway status}, and takes the next change.
 */
public class PlatformFilesIT {

    private static final Map<String, UnaryOperator<byte[]>> DAMAGE = Map.of(
            "empty", bytes -> new byte[0],
            "cut in the middle", bytes -> Arrays.copyOf(bytes, bytes.length / 2),
            "garbage", bytes -> "\u0000\u00ff{\"regions\":[garbage".getBytes(StandardCharsets.ISO_8859_1));

    private static SlipwayProcess slipway;
    private static Path features;

    @BeforeClass
    public static void committedRelease() throws Exception {
        slipway = SlipwayProcess.started("platform-files", "feature:install greeter/1.0.0");
        slipway.slipway("upgrade", "greeter", "1.1.0").expect(0);
        SlipwayProcess.waitForGreeter("1.1.0");
        try (Stream<Path> files = Files.find(slipway.home().resolve("data/cache"), 3,
                (path, attributes) -> path.endsWith("data/digraph.json"))) {
            features = files.findFirst().orElseThrow().getParent();
        }
    }

    @AfterClass
    public static void stop() throws Exception {
        slipway.destroy();
    }

    @Test
    public void aTornStateIsRepairedAtTheNextStart() throws Exception {
        tearAndRestart("state.json");
    }

    @Test
    public void aTornDigraphIsRepairedAtTheNextStart() throws Exception {
        tearAndRestart("digraph.json");
    }

    /**
     * Felix's bundle cache, torn where a kill -9 tears it: a platform bundle's {@code bundle.info} empty (Felix would
     * delete the features core, and Karaf never installs it again), and the application's impl in the middle of an
     * update (a newer revision whose jar is half written: Felix would delete the bundle). The launcher's guard
     * repairs both before Felix reads them; the same bundles, with the same ids, run the same release.
     */
    @Test
    public void aTornBundleCacheIsRepairedBeforeFelixReadsIt() throws Exception {
        Path cache = slipway.home().resolve("data/cache");
        Path featuresCore = features.getParent();
        Path impl = bundleFolder(cache, "org.slipway.example.greeter.impl");
        awaitCopy(featuresCore.resolve("bundle.info"),
                slipway.home().resolve("data/slipway/platform/cache/" + featuresCore.getFileName() + ".info"));
        killNine();
        Files.write(featuresCore.resolve("bundle.info"), new byte[0]);
        Path revision;
        try (Stream<Path> revisions = Files.list(impl)) {
            revision = revisions.filter(p -> p.getFileName().toString().startsWith("version")).findFirst().orElseThrow();
        }
        String name = revision.getFileName().toString();
        long number = Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
        Path next = Files.createDirectories(impl.resolve(name.substring(0, name.lastIndexOf('.') + 1) + (number + 1)));
        byte[] jar = Files.readAllBytes(revision.resolve("bundle.jar"));
        Files.write(next.resolve("bundle.jar"), Arrays.copyOf(jar, jar.length / 2));
        Files.copy(revision.resolve("revision.location"), next.resolve("revision.location"));

        slipway.slipway("start", "--timeout", "60").expect(0);
        SlipwayProcess.waitForGreeter("1.1.0");
        Run status = slipway.slipway("status").expect(0);
        assertTrue(status.toString(), status.out().contains("REPAIRED " + featuresCore.getFileName() + ": "));
        assertTrue(status.toString(), status.out().contains("REPAIRED " + impl.getFileName() + ": "));
        assertFalse("the torn revision is gone", Files.exists(next));
        Run bundles = slipway.slipway("client", "bundle:list -s -t 0").expect(0);
        String id = impl.getFileName().toString().substring("bundle".length());
        assertTrue(bundles.toString(), bundles.out().lines().anyMatch(l -> l.trim().startsWith(id + " ")
                && l.contains("Active") && l.contains("org.slipway.example.greeter.impl") && l.contains("1.1.0")));
    }

    private static Path bundleFolder(Path cache, String symbolicName) throws Exception {
        try (Stream<Path> bundles = Files.list(cache)) {
            for (Path bundle : bundles.filter(b -> Files.isRegularFile(b.resolve("bundle.info"))).toList()) {
                if (Files.readString(bundle.resolve("bundle.info")).contains(symbolicName)) {
                    return bundle;
                }
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " in " + cache);
    }

    /**
     * A part of the platform that cannot start is named, and the start stops at once instead of waiting out its
     * timeout: an operator's typo in the features service's configuration makes its activator fail.
     */
    @Test
    public void aFeaturesServiceThatCannotStartIsNamedAndTheStartStops() throws Exception {
        slipway.slipway("stop").expect(0);
        Path config = slipway.home().resolve("etc/org.apache.karaf.features.cfg");
        String good = Files.readString(config);
        Files.writeString(config, good + "\nresolverThreads = two\n");
        try {
            long began = System.nanoTime();
            Run start = slipway.slipway("start", "--timeout", "120");
            long seconds = (System.nanoTime() - began) / 1_000_000_000L;
            assertEquals(start.toString(), 1, start.exit());
            assertTrue(start.toString(), start.err().contains("The instance cannot start: bundle "
                    + "org.apache.karaf.features.core has been Active for"));
            assertTrue(start.toString(), start.err().contains("registers no org.apache.karaf.features.FeaturesService"));
            assertTrue("the cause, quoted from the logs: " + start, start.err().contains("Error starting activator: "
                    + "java.lang.NumberFormatException: For input string: \"two\" at org.apache.karaf.util.tracker"));
            assertTrue("stopped waiting after " + seconds + " s", seconds < 60);
            assertEquals("the instance was stopped", 3, slipway.slipway("status").exit());
        } finally {
            Files.writeString(config, good);
        }
        slipway.slipway("start", "--timeout", "60").expect(0);
        SlipwayProcess.waitForGreeter("1.1.0");
    }

    private void tearAndRestart(String file) throws Exception {
        for (Map.Entry<String, UnaryOperator<byte[]>> damage : DAMAGE.entrySet()) {
            Path live = features.resolve(file);
            Path copy = slipway.home().resolve("data/slipway/platform").resolve(file);
            awaitCopy(live, copy);
            killNine();
            byte[] good = Files.readAllBytes(live);
            Files.write(live, damage.getValue().apply(good));

            Run start = slipway.slipway("start", "--timeout", "60");
            assertEquals(file + " " + damage.getKey() + ": " + start, 0, start.exit());
            SlipwayProcess.waitForGreeter("1.1.0");
            Run installed = slipway.slipway("client", "feature:list -i");
            assertTrue(installed.toString(), installed.out().matches("(?s).*greeter\\s+\\|\\s+1\\.1\\.0\\s+\\|.*"));
            Run status = slipway.slipway("status").expect(0);
            List<String> lines = status.out().lines().toList();
            String last = lines.get(lines.size() - 1);
            assertTrue(status.toString(), status.out().contains("Platform files repaired at start"));
            assertTrue(status.toString(), last.contains("REPAIRED " + file + ": " + live));
        }
        Run rollback = slipway.slipway("rollback", "greeter");
        assertEquals("the features service takes the next change: " + rollback, 0, rollback.exit());
        SlipwayProcess.waitForGreeter("1.0.0");
        slipway.slipway("upgrade", "greeter", "1.1.0").expect(0);
        SlipwayProcess.waitForGreeter("1.1.0");
    }

    /** The guard copies a file shortly after Karaf wrote it: waits until the copy is the live file, up to 10 s. */
    private static void awaitCopy(Path live, Path copy) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(copy) && Arrays.equals(Files.readAllBytes(live), Files.readAllBytes(copy)))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no complete copy of " + live + " in " + copy);
            }
            Thread.sleep(50);
        }
    }

    private static void killNine() throws Exception {
        String pid = Files.readString(slipway.home().resolve("karaf.pid")).trim();
        slipway.command("kill", "-9", pid).expect(0);
        slipway.waitUntilStopped();
    }
}
