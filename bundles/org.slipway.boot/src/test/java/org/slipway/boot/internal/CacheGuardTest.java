package org.slipway.boot.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CacheGuardTest {

    private static final String INFO = "7\nmvn:org.example/app/1.0.0\n32\n80\n1700000000000\n0\n";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path cache;
    private Path platform;
    private CacheGuard guard;

    @Before
    public void cache() throws IOException {
        cache = folder.newFolder("cache").toPath();
        platform = folder.newFolder("platform").toPath();
        guard = new CacheGuard(cache, platform, Clock.fixed(Instant.parse("2026-12-07T03:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    public void aWholeCacheIsLeftAlone() throws IOException {
        Path bundle = bundle(7, INFO);
        revision(bundle, "version0.0", true);
        assertEquals(List.of(), guard.check());
        assertEquals(INFO, Files.readString(bundle.resolve("bundle.info")));
        assertFalse(Files.exists(platform.resolve(RepairsLog.FILE)));
    }

    @Test
    public void aTornBundleInfoIsRestoredFromItsCopyWithTheRefreshCountOfItsRevisions() throws IOException {
        Path bundle = bundle(7, "");
        revision(bundle, "version2.1", true);
        Files.createDirectories(platform.resolve("cache"));
        Files.writeString(platform.resolve("cache/bundle7.info"), INFO);
        List<String> lines = guard.check();
        assertEquals(1, lines.size());
        assertTrue(lines.get(0), lines.get(0).startsWith("2026-12-07T03:00:00Z REPAIRED bundle7: "));
        assertTrue(lines.get(0), lines.get(0).contains("location mvn:org.example/app/1.0.0"));
        assertEquals(INFO.replace("\n0\n", "\n2\n"), Files.readString(bundle.resolve("bundle.info")));
        assertEquals(lines, Files.readAllLines(platform.resolve(RepairsLog.FILE)));
    }

    @Test
    public void aTornBundleInfoWithoutACopyIsReportedLost() throws IOException {
        Path bundle = bundle(7, "7\nmvn:org.exa");
        revision(bundle, "version0.0", true);
        List<String> lines = guard.check();
        assertEquals(1, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains("LOST bundle7") && lines.get(0).contains("no copy was kept"));
    }

    @Test
    public void anUpdateCutShortIsUndoneTheBundleComesBackOnItsPreviousRevision() throws IOException {
        Path bundle = bundle(7, INFO);
        revision(bundle, "version0.1", true);
        byte[] previous = Files.readAllBytes(bundle.resolve("version0.1/bundle.jar"));
        Path torn = revision(bundle, "version0.2", false);
        List<String> lines = guard.check();
        assertEquals(1, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains("bundle7/version0.2 was incomplete"));
        assertTrue(lines.get(0), lines.get(0).contains("comes back on version0.1"));
        assertFalse(Files.exists(torn));
        assertArrayEquals(previous, Files.readAllBytes(bundle.resolve("version0.1/bundle.jar")));
        assertTrue(Files.isDirectory(platform.resolve("torn/bundle7-version0.2-" + Instant.parse("2026-12-07T03:00:00Z").toEpochMilli())));
    }

    @Test
    public void aNewRevisionWithoutItsLocationIsIncompleteToo() throws IOException {
        Path bundle = bundle(7, INFO);
        revision(bundle, "version0.1", true);
        Path torn = revision(bundle, "version0.10", true);
        Files.writeString(torn.resolve("revision.location"), "");
        assertEquals(1, guard.check().size());
        assertFalse("10 sorts as a number, above 1", Files.exists(torn));
    }

    @Test
    public void aFirstInstallCutShortIsReportedLost() throws IOException {
        Path bundle = bundle(7, INFO);
        revision(bundle, "version0.0", false);
        List<String> lines = guard.check();
        assertEquals(1, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains("LOST bundle7") && lines.get(0).contains("install cut short"));
    }

    @Test
    public void aReferenceRevisionIsCompleteWhenItsFileExists() throws IOException {
        Path bundle = bundle(7, INFO);
        Path revision = Files.createDirectories(bundle.resolve("version0.0"));
        Path jar = folder.newFile("referenced.jar").toPath();
        Files.writeString(revision.resolve("revision.location"), "reference:" + jar.toUri() + "\n");
        assertEquals(List.of(), guard.check());
        Files.delete(jar);
        assertEquals(1, guard.check().size());
    }

    private Path bundle(long id, String info) throws IOException {
        Path bundle = Files.createDirectories(cache.resolve("bundle" + id));
        Files.writeString(bundle.resolve("bundle.info"), info);
        return bundle;
    }

    private static Path revision(Path bundle, String name, boolean whole) throws IOException {
        Path revision = Files.createDirectories(bundle.resolve(name));
        Files.writeString(revision.resolve("revision.location"), "mvn:org.example/app/1.0.0\n");
        try (OutputStream out = Files.newOutputStream(revision.resolve("bundle.jar"));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\nBundle-SymbolicName: app\nRevision: " + name + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        if (!whole) {
            byte[] bytes = Files.readAllBytes(revision.resolve("bundle.jar"));
            Files.write(revision.resolve("bundle.jar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
        return revision;
    }
}
