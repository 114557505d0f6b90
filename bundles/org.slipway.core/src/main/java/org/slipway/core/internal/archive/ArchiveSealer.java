package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;


/**
 * Seals a KAR: rewrites it in the release archive format ({@link ReleaseArchiveFormat}, as slipway-maven-plugin's
 * archive goal writes it) so that it carries a checksum manifest. The output holds, in this order and nothing else: a
 * {@code META-INF/MANIFEST.MF} ({@code Manifest-Version}, {@code Created-By: Slipway},
 * {@code Slipway-Release: <artifactId>/<version>} of its features XML), {@code META-INF/slipway-checksums.sha256}
 * (one {@code <sha256>  <entry>} line per entry outside {@code META-INF/}, sorted), then every file under
 * {@code repository/}, sorted, DEFLATED, all dated as the input's newest such entry. Other {@code META-INF/}
 * entries (karaf-maven-plugin's Maven descriptor) are left out.
 * <p>
 * The input passes the inspector's own structural checks first: zip structure, every entry's CRC-32 and size,
 * entry names ({@code ..}, absolute, backslash, duplicates, symbolic links, anything outside {@code repository/}
 * and {@code META-INF/}), the size limits, exactly one features XML. A signed input is refused (sealing rewrites
 * it; seal, then sign); an input already sealed must match its checksum manifest. Nothing is written unless every
 * check passes; the output appears atomically. Plain Java, no framework: {@code bin/slipway seal} runs
 * {@link #main} from the distribution's {@code system/}.
 */
public final class ArchiveSealer {

    /** Exit codes, as bin/slipway documents them. */
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int REJECTED = 4;

    private final ArchiveLimits limits;

    /** @param limits the size and entry limits the input must stay within */
    public ArchiveSealer(ArchiveLimits limits) {
        this.limits = requireNonNull(limits, "limits");
    }

    /**
     * What a seal wrote.
     *
     * @param output       the sealed archive
     * @param release      the {@code Slipway-Release} written, e.g. {@code greeter/1.3.0}
     * @param entries      the number of entries written
     * @param wasSealed    whether the input carried a (matching) checksum manifest already
     * @param leftOut      the {@code META-INF/} entries of the input that are not in the output
     */
    public record Sealed(Path output, String release, int entries, boolean wasSealed, List<String> leftOut) {
        public Sealed {
            requireNonNull(output, "output");
            requireNonNull(release, "release");
            leftOut = List.copyOf(leftOut);
        }
    }

    /**
     * Seals {@code input} into {@code output}; {@code output} may be {@code input} itself (replaced atomically).
     *
     * @param replace whether an existing {@code output} other than {@code input} may be replaced
     * @throws ArchiveRejectedException the first check the input fails, naming the offending entry; nothing was
     *                                  written
     * @throws IllegalArgumentException if {@code output} exists, is not {@code input} and {@code replace} is false
     * @throws IOException              if reading or writing fails; a partial output is removed
     */
    public Sealed seal(Path input, Path output, boolean replace) throws IOException, ArchiveRejectedException {
        String name = input.getFileName().toString();
        boolean inPlace = Files.exists(output) && Files.isSameFile(input, output);
        if (Files.exists(output) && !inPlace && !replace) {
            throw new IllegalArgumentException(output + " exists: not overwritten (remove it, name another output,"
                    + " or add --force)");
        }
        List<String> names = ZipChecks.entryNames(input, name, limits, true);
        Map<String, String> digests = EntryDigests.read(input, names, name, limits);
        List<String> signatures = names.stream().filter(EntryNames::isSignatureFile).toList();
        if (!signatures.isEmpty()) {
            throw new ArchiveRejectedException(name, Reason.INVALID_SIGNATURE, name + " is signed ("
                    + EntryNames.quote(signatures.get(0)) + "): sealing rewrites it and would break the signature;"
                    + " seal the unsigned archive, then sign it");
        }
        Map<String, String> repository = new TreeMap<>(digests);
        repository.keySet().removeIf(entry -> !entry.startsWith(EntryNames.REPOSITORY));
        List<String> leftOut = digests.keySet().stream().filter(entry -> entry.startsWith(EntryNames.META_INF))
                .filter(entry -> !entry.equals(JarFile.MANIFEST_NAME) && !entry.equals(EntryNames.CHECKSUMS)).toList();
        try (ZipFile zip = EntryDigests.open(input, name)) {
            boolean wasSealed = digests.containsKey(EntryNames.CHECKSUMS);
            if (wasSealed) {
                ChecksumManifest.parse(ReleaseFeatures.read(zip, EntryNames.CHECKSUMS), name).verify(digests, name);
            }
            String features = ReleaseFeatures.locate(zip, digests, name);
            String release = release(features, name);
            LocalDateTime time = repository.keySet().stream().map(zip::getEntry)
                    .map(ZipEntry::getTimeLocal).max(LocalDateTime::compareTo)
                    .orElseThrow(() -> new IllegalStateException("a features XML is under repository/"));
            write(zip, repository, release, time, output);
            return new Sealed(output, release, repository.size() + 2, wasSealed, leftOut);
        }
    }

    /** @return {@code artifactId/version} of the features XML's Maven path */
    private static String release(String features, String name) throws ArchiveRejectedException {
        try {
            MavenPath path = MavenPath.fromRepositoryPath(features.substring(EntryNames.REPOSITORY.length()));
            return path.artifact() + "/" + path.version();
        } catch (IllegalArgumentException e) {
            throw new ArchiveRejectedException(name, Reason.INVALID_FEATURES, "features XML "
                    + EntryNames.quote(features) + " is not laid out as a Maven artifact, so it has no mvn: URL");
        }
    }

    private static void write(ZipFile zip, Map<String, String> repository, String release, LocalDateTime time,
            Path output) throws IOException {
        ReleaseArchiveFormat.write(new TreeMap<>(repository), (entry, out) -> {
            try (InputStream in = zip.getInputStream(zip.getEntry(entry))) {
                in.transferTo(out);
            }
        }, output, release, time);
    }

    /**
     * {@code bin/slipway seal}: {@code <in.kar> <out.kar> <force: true|false>}. Prints what it wrote, or why not
     * (to standard error), and exits 0 sealed, 1 could not read or write, 2 bad usage (an existing output), 4
     * rejected input.
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ArchiveSealer <in.kar> <out.kar> <true|false: replace an existing output>");
            System.exit(USAGE);
        }
        System.exit(run(Path.of(args[0]), Path.of(args[1]), Boolean.parseBoolean(args[2])));
    }

    /** @return the exit code of sealing {@code input} into {@code output} */
    static int run(Path input, Path output, boolean replace) {
        try {
            boolean inPlace = Files.exists(output) && Files.isSameFile(input, output);
            boolean replaced = Files.exists(output) && !inPlace;
            Sealed sealed = new ArchiveSealer(ArchiveLimits.DEFAULTS).seal(input, output, replace);
            System.out.println((inPlace ? "Sealed " + input + " in place" : "Sealed " + input + " as " + output
                    + (replaced ? " (replaced the file that was there)" : "")) + ": release " + sealed.release()
                    + ", " + sealed.entries() + " entries" + (sealed.wasSealed() ? "; it was sealed already" : ""));
            if (!sealed.leftOut().isEmpty()) {
                System.out.println("Left out: " + String.join(", ", sealed.leftOut()));
            }
            return OK;
        } catch (ArchiveRejectedException e) {
            // the inspector's message, for a seal: nothing is installed by one, and nothing was written
            System.err.println(e.getMessage().replace(". Nothing was installed.", ". Nothing was written."));
            return REJECTED;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return USAGE;
        } catch (IOException e) {
            System.err.println("Cannot seal " + input + ": " + e);
            return FAILED;
        }
    }
}
