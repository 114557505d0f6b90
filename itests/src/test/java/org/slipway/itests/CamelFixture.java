package org.slipway.itests;


import java.net.URI;
import java.nio.file.Path;

import org.ops4j.pax.exam.Option;

/**
 * Apache Camel's Karaf features, offline: {@code camel-jackson} 3.20.0 and 3.22.4, with their dependency features
 * {@code camel-core} (start level 50, a {@code <config name="jmx.acl.org.apache.camel">}, a conditional on the
 * shell) and {@code xml-specs-api} (start level 10), and {@code dependency="true"} bundles (Jackson, caffeine,
 * servicemix specs) that Karaf installs only when the resolution needs them.
 *
 * <p>3.20.0 and not 3.18.x, the pair issue 18 names: camel-core 3.18.x lists
 * {@code mvn:org.apache.camel.karaf/camel-core-osgi/3.18.x}, which Maven Central does not have (HTTP 404), so
 * 3.18.x cannot be installed from Central at all. 3.20.0 -> 3.22.4 still crosses minor lines: Camel's bundles
 * import {@code org.apache.camel} with {@code [3.20,3.21)}, so every Camel bundle must change together.
 *
 * <p>The build (itests/pom.xml, execution {@code camel-repository}) writes every artifact they need into a
 * Maven-layout folder, passed to the tests as the system property {@value #REPOSITORY_PROPERTY}. {@link #options()}
 * makes the booted distribution resolve {@code mvn:} URLs from its own {@code system/}, then that folder, and never
 * from the network, exactly as {@link CxfFixture#options()} does.
 */
public final class CamelFixture {

    /** System property (failsafe, and passed on into the Karaf JVM) naming the folder. */
    public static final String REPOSITORY_PROPERTY = "slipway.camel.repository";

    public static final String FEATURE = "camel-jackson";
    public static final String OLD = "3.20.0";
    public static final String NEW = "3.22.4";
    /** The dependency feature that holds Camel's core bundles. */
    public static final String CAMEL_CORE_FEATURE = "camel-core";
    /** Symbolic name of the bundle exporting {@code org.apache.camel}. */
    public static final String CAMEL_API = "org.apache.camel.camel-api";
    /** Camel's main package, exported by camel-api at the Camel release's version. */
    public static final String CAMEL_PACKAGE = "org.apache.camel";
    /** Symbolic names of Camel's own bundles start with this. */
    public static final String CAMEL_PREFIX = "org.apache.camel.";
    /** The configuration camel-core's feature declares. */
    public static final String JMX_ACL_PID = "jmx.acl.org.apache.camel";
    /** The start level camel-core's and camel-jackson's features give their bundles. */
    public static final int CAMEL_START_LEVEL = 50;


    private CamelFixture() {
    }

    /** Camel's features repository of one release. */
    public static URI featuresRepository(String version) {
        return URI.create("mvn:org.apache.camel.karaf/apache-camel/" + version + "/xml/features");
    }

    /** The folder the build filled; fails when the build step did not run. */
    public static Path repository() {
        return OfflineRepository.folder(REPOSITORY_PROPERTY, "Camel features",
                "org/apache/camel/karaf/apache-camel/" + OLD, "org/apache/camel/karaf/apache-camel/" + NEW);
    }

    /**
     * Pax Exam options, to add AFTER {@link SlipwayTestSupport#config()}'s ({@link OfflineRepository}). Camel's
     * features XMLs reference {@code pax-cdi-features/[1,2)}: pax-url resolves that range against the folder's
     * version directories.
     */
    public static Option[] options() {
        return OfflineRepository.options(REPOSITORY_PROPERTY, repository(), "camel");
    }
}
