package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.Test;
import org.slipway.api.ArchiveRejectedException.Reason;

/** {@link ArchiveInspector#inspectBundle}: a plain bundle jar. */
public class BundleJarInspectionTest extends ArchiveTestSupport {

    private static final String JAR = "org.slipway.example.greeter.impl-1.1.0.jar";

    private BundleJar inspectBundle(Path jar) throws Exception {
        return inspector().inspectBundle(jar, JAR);
    }

    @Test
    public void bundleJarPassesWithItsSymbolicNameWithoutDirectives() throws Exception {
        byte[] content = ArchiveFixtures.bundleJar("org.slipway.example.greeter.impl;singleton:=true", "1.1.0");
        Path jar = Files.write(file(JAR), content);

        BundleJar bundle = inspectBundle(jar);

        assertEquals("org.slipway.example.greeter.impl", bundle.symbolicName());
        assertEquals("1.1.0", bundle.version());
        assertEquals(ArchiveFixtures.sha256(content), bundle.sha256());
        assertEquals("org.slipway.example.greeter.impl;singleton:=true", bundle.headers().get("Bundle-SymbolicName"));
        assertEquals("2", bundle.headers().get("Bundle-ManifestVersion"));
    }

    @Test
    public void bundleWithoutVersionIsVersionZero() throws Exception {
        Path jar = Files.write(file(JAR), ArchiveFixtures.bundleJar("org.slipway.example.greeter.impl", null));
        assertEquals("0.0.0", inspectBundle(jar).version());
    }

    @Test
    public void jarWithoutSymbolicNameIsNotABundle() throws Exception {
        Path jar = Files.write(file(JAR), ArchiveFixtures.bundleJar(null, "1.1.0"));
        rejected(Reason.NOT_AN_UPGRADE, () -> inspectBundle(jar),
                JAR + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
    }

    @Test
    public void jarWithoutManifestIsNotABundle() throws Exception {
        Path jar = file(JAR);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("a.txt"));
            zip.closeEntry();
        }
        rejected(Reason.NOT_AN_UPGRADE, () -> inspectBundle(jar), JAR + " is not an OSGi bundle: it has no META-INF/MANIFEST.MF");
    }

    @Test
    public void textFileIsNotAZip() throws Exception {
        Path jar = Files.writeString(file(JAR), "Bundle-SymbolicName: x\n");
        rejected(Reason.NOT_A_ZIP, () -> inspectBundle(jar), JAR + " is not a zip archive");
    }

    @Test
    public void jarWithAnEntryEscapingIsUnsafe() throws Exception {
        Path jar = file(JAR);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("../../deploy/evil.jar"));
            zip.closeEntry();
        }
        rejected(Reason.UNSAFE_ENTRY, () -> inspectBundle(jar), "entry \"../../deploy/evil.jar\" would be written outside");
    }

    @Test
    public void jarOverTheSizeLimitIsTooLarge() throws Exception {
        Path jar = Files.write(file(JAR), ArchiveFixtures.bundleJar("org.slipway.example.greeter.impl", "1.1.0"));
        ArchiveInspector small = inspector(new ArchiveLimits(10, 10, 10), SignaturePolicy.optional());
        rejected(Reason.TOO_LARGE, () -> small.inspectBundle(jar, JAR), JAR + " is " + Files.size(jar) + " bytes");
    }
}
