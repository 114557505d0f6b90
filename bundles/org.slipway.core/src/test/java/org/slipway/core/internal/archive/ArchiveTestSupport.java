package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;
import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/** A temporary folder with an empty {@code system/}, and assertions that a rejection wrote nothing. */
public abstract class ArchiveTestSupport {

    static final String NAME = "greeter.kar";
    static final Predicate<String> EMPTY_DISTRIBUTION = url -> false;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    Path system;

    @Before
    public void createSystem() throws IOException {
        system = Files.createDirectory(temp.getRoot().toPath().resolve("system"));
    }

    ArchiveInspector inspector() {
        return inspector(ArchiveLimits.DEFAULTS, SignaturePolicy.optional());
    }

    static ArchiveInspector inspector(ArchiveLimits limits, SignaturePolicy policy) {
        return new ArchiveInspector(limits, policy, ArchiveFixtures.KARAF_XSDS);
    }

    Path file(String name) {
        return temp.getRoot().toPath().resolve(name);
    }

    Path write(ArchiveFixtures archive) throws IOException {
        return archive.write(file(NAME));
    }

    ReleaseArchive inspect(Path archive) throws Exception {
        return inspector().inspect(archive, NAME, EMPTY_DISTRIBUTION);
    }

    /**
     * Asserts that {@code action} is rejected for {@code reason} with a message naming every {@code quoted}
     * text, and that no file appeared or changed in the temporary folder (system/ included).
     */
    ArchiveRejectedException rejected(Reason reason, ThrowingRunnable action, String... quoted) throws IOException {
        List<String> before = listing();
        ArchiveRejectedException e = assertThrows(ArchiveRejectedException.class, action);
        String message = e.getMessage();
        assertEquals(message, reason, e.getReason());
        assertTrue(message, message.startsWith("Rejected " + e.getArchive() + ": "));
        assertTrue(message, message.endsWith(". Nothing was installed."));
        for (String text : quoted) {
            assertTrue("\"" + text + "\" not in: " + message, message.contains(text));
        }
        assertEquals("files changed by a rejected archive", before, listing());
        return e;
    }

    /**
     * @return every path below the temporary folder, files with their size and modification time (a folder's
     *         time changes when an undo removes what it created inside)
     */
    List<String> listing() throws IOException {
        try (Stream<Path> all = Files.walk(temp.getRoot().toPath())) {
            return all.map(path -> {
                try {
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        return path + "/";
                    }
                    return path + " " + Files.size(path) + " " + Files.getLastModifiedTime(path);
                } catch (IOException e) {
                    return path + " ?";
                }
            }).sorted().collect(Collectors.toList());
        }
    }
}
