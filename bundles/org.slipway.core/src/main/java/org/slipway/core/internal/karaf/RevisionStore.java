package org.slipway.core.internal.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.slipway.core.internal.engine.DurableFiles;

/**
 * The bytes of bundle revisions that ran, kept under {@code data/slipway/revisions} so that going back after an
 * in-place update installs <em>the revision that ran</em>. {@code Bundle.update()} cannot: the framework reads
 * {@code Bundle-UpdateLocation} from the current (new) revision's headers, or else the location the bundle was
 * first installed from, which after a feature upgrade in place or an earlier update from a jar holds another
 * version. A revision is named by bundle id and {@link Bundle#getLastModified()}, which every update changes.
 * <p>
 * A revision Slipway updated a bundle to from a jar is kept as it is given. Any other revision is read back from
 * its update location (as Karaf's {@code bundle:update} does) and must have the running symbolic name and version;
 * when the bundle carries a {@code Bundle-UpdateLocation} header the kept bytes carry it too, as Karaf's own
 * {@code BundleUtils.fixBundleWithUpdateLocation} writes it (that class is private to Karaf's bundles).
 */
final class RevisionStore {

    /** Revisions kept per bundle; older ones are deleted when a newer one is kept. */
    private static final int KEPT = 3;

    private final Path folder;

    RevisionStore(Path folder) {
        this.folder = folder;
    }

    /**
     * @return the kept bytes of the revision of {@code bundle} that runs now, kept first if they are not yet
     * @throws IOException when they cannot be read back: the message names the location and what it holds
     */
    Path keep(Bundle bundle) throws IOException {
        Path kept = path(bundle);
        if (Files.isRegularFile(kept)) {
            return kept;
        }
        String location = FrameworkState.location(bundle);
        byte[] bytes;
        try (InputStream in = new URL(location).openStream()) {
            bytes = in.readAllBytes();
        }
        String found = identity(bytes);
        String running = bundle.getSymbolicName() + " " + bundle.getVersion();
        if (!running.equals(found)) {
            throw new IOException("Cannot keep the revision of " + running + " [" + bundle.getBundleId()
                    + "] that runs, to go back to it: its location " + location + " holds " + found);
        }
        String updateLocation = bundle.getHeaders("").get(Constants.BUNDLE_UPDATELOCATION);
        if (updateLocation != null && !updateLocation.isBlank()) {
            bytes = withUpdateLocation(bytes, updateLocation.trim());
        }
        store(kept, bytes);
        return kept;
    }

    /** Keeps {@code jar} as the revision {@code bundle} was just updated to. */
    void updated(Bundle bundle, Path jar) throws IOException {
        store(path(bundle), Files.readAllBytes(jar));
    }

    private void store(Path kept, byte[] bytes) throws IOException {
        Files.createDirectories(folder);
        DurableFiles.replace(kept, bytes);
        prune(kept);
    }

    private void prune(Path kept) throws IOException {
        String prefix = kept.getFileName().toString().split("-")[0] + "-";
        List<Path> same;
        try (Stream<Path> files = Files.list(folder)) {
            same = files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(RevisionStore::modified).reversed())
                    .collect(Collectors.toList());
        }
        for (Path old : same.subList(Math.min(KEPT, same.size()), same.size())) {
            if (!old.equals(kept)) {
                Files.deleteIfExists(old);
            }
        }
    }

    private Path path(Bundle bundle) {
        return folder.resolve(bundle.getBundleId() + "-" + bundle.getLastModified() + ".jar");
    }

    private static long modified(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(name.indexOf('-') + 1, name.length() - ".jar".length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** @return "symbolic-name version" of the jar's manifest, or what is wrong with it */
    private static String identity(byte[] jar) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            if (manifest == null) {
                return "no manifest";
            }
            String name = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            return (name == null ? "no symbolic name" : name.split(";")[0].trim()) + " "
                    + org.osgi.framework.Version.parseVersion(version == null ? "0" : version.trim());
        } catch (IOException | IllegalArgumentException e) {
            return "no readable bundle (" + e.getMessage() + ")";
        }
    }

    private static byte[] withUpdateLocation(byte[] jar, String location) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jar.length + 256);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    Manifest manifest = new Manifest(new ByteArrayInputStream(content));
                    manifest.getMainAttributes().put(new Attributes.Name(Constants.BUNDLE_UPDATELOCATION), location);
                    ByteArrayOutputStream written = new ByteArrayOutputStream();
                    manifest.write(written);
                    content = written.toByteArray();
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                zip.putNextEntry(copy);
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
