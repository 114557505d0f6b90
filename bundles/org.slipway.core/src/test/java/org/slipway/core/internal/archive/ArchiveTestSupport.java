package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
    static final String STANDARD = "mvn:org.apache.karaf.features/standard/4.4.10/xml/features";
    /**
     * A distribution like Slipway's: its own repository is Karaf's standard one; it offers scr and
     * http-whiteboard to applications; those, slipway, and what applications may not use are the platform's.
     */
    static final Distribution DISTRIBUTION = new Distribution(STANDARD::equals,
            Set.of("scr", "http-whiteboard")::contains,
            Set.of("slipway", "scr", "http-whiteboard", "management", "webconsole", "kar", "wrap")::contains);

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

    /** @return the archive inspected for {@link #DISTRIBUTION} */
    ReleaseArchive inspectInDistribution(Path archive) throws Exception {
        return new ArchiveInspector(ArchiveLimits.DEFAULTS, SignaturePolicy.optional(), ArchiveFixtures.KARAF_XSDS,
                DISTRIBUTION).inspect(archive, NAME, EMPTY_DISTRIBUTION);
    }

    /** @return the valid release archive with {@code featuresXml} instead of its own, written */
    Path withFeatures(String featuresXml) throws IOException {
        return write(ArchiveFixtures.release().withFeatures(featuresXml));
    }

    /**
     * Asserts that the release archive with {@code featuresXml} is refused in {@link #DISTRIBUTION} as
     * FORBIDDEN_ELEMENT with exactly {@code detail}, and that nothing was written.
     */
    void forbidden(String featuresXml, String detail) throws Exception {
        Path file = withFeatures(featuresXml);
        ArchiveRejectedException e = rejected(Reason.FORBIDDEN_ELEMENT, () -> inspectInDistribution(file));
        assertEquals("Rejected " + NAME + ": " + detail + ". Nothing was installed.", e.getMessage());
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
