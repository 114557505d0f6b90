package org.slipway.boot.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import javax.json.JsonObject;

import org.apache.johnzon.core.JsonProviderImpl;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slipway.boot.internal.FileCheck.Result;

public class FileGuardTest {

    /** Shaped as Karaf 4.4.10 writes it (StateStorage.save), cut down. */
    static final String STATE = "{\"bootDone\":true,\"checksums\":{\"90\":633603259},\"features\":{\"root\":"
            + "[\"feature:slipway/[0.2.0,0.2.0]\",\"feature:greeter/[1.1.0,1.1.0]\"]},\"installed\":{\"root\":"
            + "[\"slipway/0.2.0\",\"greeter/1.1.0\"]},\"repositories\":[\"mvn:org.slipway.example/greeter/1.1.0/xml/"
            + "features\"],\"state\":{\"root\":{\"greeter/1.1.0\":\"Started\"}},\"managed\":{\"root\":[60,61,90,91]}}";
    static final String DIGRAPH = "{\"regions\":{\"root\":[0,1,2,19,60,61,90,91]},\"edges\":[]}";
    static final Set<Long> BUNDLES = Set.of(0L, 1L, 2L, 19L, 60L, 61L, 90L, 91L);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path karaf;
    private Path platform;
    private FileGuard guard;

    @Before
    public void setUp() throws IOException {
        karaf = folder.newFolder("cache", "bundle19", "data").toPath();
        platform = folder.newFolder("slipway", "platform").toPath();
        guard = new FileGuard(karaf, platform, new JsonProviderImpl(),
                Clock.fixed(Instant.parse("2026-12-06T20:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    public void completeFilesAreLeftAsTheyAreAndCopied() throws IOException {
        write("state.json", STATE);
        write("digraph.json", DIGRAPH);
        List<FileCheck> checks = guard.check(BUNDLES);
        assertEquals(List.of(Result.OK, Result.OK), checks.stream().map(FileCheck::result).toList());
        assertEquals(STATE, Files.readString(karaf.resolve("state.json")));
        assertEquals(STATE, Files.readString(platform.resolve("state.json")));
        assertEquals(DIGRAPH, Files.readString(platform.resolve("digraph.json")));
        assertFalse(Files.exists(platform.resolve(RepairsLog.FILE)));
    }

    @Test
    public void filesNotWrittenYetAreNoDamage() {
        List<FileCheck> checks = guard.check(BUNDLES);
        assertEquals(List.of(Result.OK, Result.OK), checks.stream().map(FileCheck::result).toList());
        assertFalse(Files.exists(karaf.resolve("state.json")));
    }

    @Test
    public void anEmptyCutOrGarbageStateIsRestoredFromItsCopy() throws IOException {
        for (String torn : List.of("", STATE.substring(0, STATE.length() / 2), "\u0000\u0007garbage{", "[1,2]",
                "{\"bootDone\":true}")) {
            write("state.json", STATE);
            assertTrue(guard.keep(KarafFile.STATE) || Files.exists(platform.resolve("state.json")));
            write("state.json", torn);
            FileCheck check = guard.check(BUNDLES).get(0);
            assertEquals(torn, Result.REPAIRED, check.result());
            assertEquals(torn, STATE, canonical(Files.readString(karaf.resolve("state.json"))));
            assertArrayEquals(torn.getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(platform.resolve("state.json.torn")));
            assertTrue(check.detail(), check.detail().contains(karaf.resolve("state.json").toString()));
        }
        assertEquals(5, Files.readAllLines(platform.resolve(RepairsLog.FILE)).size());
    }

    @Test
    public void aRestoredStateManagesWhatKarafInstalledSinceAndForgetsWhatIsGone() throws IOException {
        write("state.json", STATE);
        guard.keep(KarafFile.STATE);
        // A deployment cut short: 61 uninstalled, 95 installed by the features service, then its state torn.
        guard.installs().add(95);
        write("state.json", STATE.substring(0, 40));
        FileCheck check = guard.check(Set.of(0L, 1L, 2L, 19L, 60L, 90L, 91L, 95L)).get(0);
        assertEquals(Result.REPAIRED, check.result());
        assertTrue(check.detail(), check.detail().endsWith("installed since: [95]"));
        JsonObject repaired = parse(Files.readString(karaf.resolve("state.json")));
        assertEquals("[60,90,91,95]", repaired.getJsonObject("managed").getJsonArray("root").toString());
        assertEquals(parse(STATE).getJsonObject("installed"), repaired.getJsonObject("installed"));
        assertNull(KarafFile.STATE.problem(repaired));
    }

    @Test
    public void aNewCopyForgetsTheInstallsItRecords() throws IOException {
        write("state.json", STATE);
        guard.keep(KarafFile.STATE);
        guard.installs().add(95);
        guard.installs().add(96);
        write("state.json", STATE.replace("[60,61,90,91]", "[60,61,90,91,95]"));
        assertTrue(guard.keep(KarafFile.STATE));
        assertEquals(Set.of(96L), guard.installs().ids());
    }

    @Test
    public void aTornFileIsNeverCopied() throws IOException {
        write("state.json", STATE);
        guard.keep(KarafFile.STATE);
        write("state.json", "{\"bootDone\":tr");
        assertFalse(guard.keep(KarafFile.STATE));
        assertEquals(STATE, Files.readString(platform.resolve("state.json")));
    }

    @Test
    public void aTornDigraphIsRestoredOrRemovedWhenNoCopyExists() throws IOException {
        write("digraph.json", DIGRAPH);
        guard.keep(KarafFile.DIGRAPH);
        write("digraph.json", "");
        assertEquals(Result.REPAIRED, guard.check(BUNDLES).get(1).result());
        assertEquals(DIGRAPH, Files.readString(karaf.resolve("digraph.json")));

        Files.delete(platform.resolve("digraph.json"));
        write("digraph.json", DIGRAPH.substring(0, 20));
        FileCheck check = guard.check(BUNDLES).get(1);
        assertEquals(Result.REPAIRED, check.result());
        assertTrue(check.detail(), check.detail().contains("root region"));
        assertFalse(Files.exists(karaf.resolve("digraph.json")));
    }

    @Test
    public void aTornStateWithNoCopyIsMovedAsideAndSaidSo() throws IOException {
        write("state.json", "{\"bootDone\":");
        FileCheck check = guard.check(BUNDLES).get(0);
        assertEquals(Result.RESET, check.result());
        assertTrue(check.detail(), check.detail().contains("empty features state"));
        assertFalse(Files.exists(karaf.resolve("state.json")));
        assertEquals("{\"bootDone\":", Files.readString(platform.resolve("state.json.torn")));
        assertTrue(Files.readString(platform.resolve(RepairsLog.FILE)).startsWith("2026-12-06T20:00:00Z RESET"));
    }

    @Test
    public void theShapesAreThoseKarafReads() {
        assertNull(KarafFile.STATE.problem(parse(STATE)));
        assertNull(KarafFile.DIGRAPH.problem(parse(DIGRAPH)));
        assertEquals("\"managed\" is missing",
                KarafFile.STATE.problem(parse(STATE.replace("\"managed\"", "\"other\""))));
        assertEquals("region root is not a list of bundle ids",
                KarafFile.DIGRAPH.problem(parse("{\"regions\":{\"root\":[\"a\"]},\"edges\":[]}")));
        assertEquals("an edge is not {tail, head, policy}: 1",
                KarafFile.DIGRAPH.problem(parse("{\"regions\":{},\"edges\":[1]}")));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(karaf.resolve(name), content);
    }

    private static JsonObject parse(String json) {
        return new JsonProviderImpl().createReader(new StringReader(json)).readObject();
    }

    private static String canonical(String json) {
        return parse(json).equals(parse(STATE)) ? STATE : json;
    }
}
