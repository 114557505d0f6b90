package org.slipway.itests;


import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ops4j.pax.exam.Option;

/**
 * Apache CXF's Karaf features, offline: {@code cxf-ws-discovery} 3.5.10 and 3.6.10 (about 65 bundles with
 * their dependency features; Karaf's dry run of the upgrade updates {@linkplain #UPDATES 16} of them in place).
 *
 * <p>The build (itests/pom.xml, karaf-maven-plugin {@code features-add-to-repository}) writes every artifact
 * they need into a Maven-layout folder, passed to the tests as the system property
 * {@value #REPOSITORY_PROPERTY}. {@link #options()} makes the booted distribution resolve {@code mvn:} URLs
 * from its own {@code system/}, then that folder, and never from the network.
 */
public final class CxfFixture {

    /** System property (failsafe, and passed on into the Karaf JVM) naming the folder. */
    public static final String REPOSITORY_PROPERTY = "slipway.cxf.repository";

    public static final String FEATURE = "cxf-ws-discovery";
    public static final String OLD = "3.5.10";
    public static final String NEW = "3.6.10";
    /** Symbolic name of the bundle exporting {@code org.apache.cxf}. */
    public static final String CXF_CORE = "org.apache.cxf.cxf-core";

    /**
     * One bundle Karaf's dry run of {@code cxf-ws-discovery} 3.5.10 -> 3.6.10 updates in place.
     *
     * @param location where the new version comes from, as the 3.6.10 features name it
     */
    public record Update(String symbolicName, String from, String to, String location) {

        /** @return {@code symbolicName/from}, as Karaf's dry run names the installed bundle */
        public String key() {
            return symbolicName + "/" + from;
        }
    }

    /**
     * Every bundle that Karaf's own dry run updates for {@code cxf-ws-discovery} 3.5.10 -> 3.6.10 with upgrade
     * semantics (its "Bundles to update:", see {@code src/test/resources/cxf/simulate-3.5.10-to-3.6.10.txt}):
     * one bundle of {@code cxf-ws-discovery} itself, fifteen of its dependency features. It installs and
     * uninstalls none; the other bundles of the closure (specs, xmlschema, asm, Pax Web, Aries) stay as they are.
     */
    public static final List<Update> UPDATES = List.of(
            cxf("org.apache.cxf", "cxf-core"),
            cxf("org.apache.cxf", "cxf-rt-bindings-soap"),
            cxf("org.apache.cxf", "cxf-rt-bindings-xml"),
            cxf("org.apache.cxf", "cxf-rt-databinding-jaxb"),
            cxf("org.apache.cxf", "cxf-rt-frontend-jaxws"),
            cxf("org.apache.cxf", "cxf-rt-frontend-simple"),
            cxf("org.apache.cxf", "cxf-rt-management"),
            cxf("org.apache.cxf", "cxf-rt-transports-http"),
            cxf("org.apache.cxf", "cxf-rt-transports-udp"),
            cxf("org.apache.cxf", "cxf-rt-ws-addr"),
            cxf("org.apache.cxf", "cxf-rt-ws-policy"),
            cxf("org.apache.cxf", "cxf-rt-wsdl"),
            cxf("org.apache.cxf.karaf", "cxf-karaf-commands"),
            cxf("org.apache.cxf.services.ws-discovery", "cxf-services-ws-discovery-api"),
            cxf("org.apache.cxf.services.ws-discovery", "cxf-services-ws-discovery-service"),
            new Update("com.fasterxml.woodstox.woodstox-core", "6.4.0", "6.6.2",
                    "mvn:com.fasterxml.woodstox/woodstox-core/6.6.2"));


    private CxfFixture() {
    }

    /** A CXF bundle: its symbolic name is {@code group.artifact}, its version the CXF release. */
    private static Update cxf(String group, String artifact) {
        return new Update(group + "." + artifact, OLD, NEW, "mvn:" + group + "/" + artifact + "/" + NEW);
    }

    /** CXF's features repository of one release. */
    public static URI featuresRepository(String version) {
        return URI.create("mvn:org.apache.cxf.karaf/apache-cxf/" + version + "/xml/features");
    }

    /** The folder the build filled; fails when the build step did not run. */
    public static Path repository() {
        return OfflineRepository.folder(REPOSITORY_PROPERTY, "CXF features", "org/apache/cxf/karaf/apache-cxf/" + OLD);
    }

    /**
     * Pax Exam options, to add AFTER {@link SlipwayTestSupport#config()}'s ({@link OfflineRepository});
     * {@link #repositoryPath(String)} lets a test prove that the CXF artifacts came from the folder or system/
     * and not from the build's local repository.
     */
    public static Option[] options() {
        return OfflineRepository.options(REPOSITORY_PROPERTY, repository(), "cxf");
    }

    /**
     * Where a {@code mvn:group/artifact/version[/type[/classifier]]} URL lives in a Maven-layout folder, relative
     * to it; {@code null} for other URLs.
     */
    public static String repositoryPath(String location) {
        if (!location.startsWith("mvn:")) {
            return null;
        }
        String[] parts = location.substring("mvn:".length()).split("/");
        if (parts.length < 3) {
            return null;
        }
        String group = parts[0];
        String artifact = parts[1];
        String version = parts[2];
        String type = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "jar";
        String classifier = parts.length > 4 && !parts[4].isEmpty() ? "-" + parts[4] : "";
        return group.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-" + version + classifier + "." + type;
    }

    /**
     * Writes a bundle made only of a manifest (no classes): handy as "a consumer outside the feature", installed
     * with {@code bundleContext.installBundle(file.toURI().toString())}.
     *
     * @param importPackage the Import-Package header as written in a manifest, e.g.
     *                      {@code org.apache.cxf;version="[3.5,3.6)"}; {@code null} for none
     * @return {@code file}
     */
    public static File manifestOnlyBundle(File file, String symbolicName, String version, String importPackage)
            throws IOException {
        return TestBundles.manifestOnly(file.toPath(), symbolicName, version, importPackage).toFile();
    }
}
