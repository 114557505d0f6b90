package org.slipway.testkit.exam;

import static java.util.Objects.requireNonNull;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The Pax Exam options that boot the Slipway distribution ({@code org.slipway:org.slipway.distribution:tar.gz})
 * in Pax Exam's Karaf container, with the test kit ({@code org.slipway:org.slipway.testkit}) provisioned as a
 * bundle so that a probe can use {@link org.slipway.testkit.Upgrades}:
 *
 * <pre>
 * &#64;Configuration
 * public Option[] config() {
 *     return SlipwayKarafOptions.distribution().options();
 * }
 * </pre>
 *
 * The Karaf JVM resolves the distribution, the kit and Pax Exam's own bundles from a local Maven repository
 * (the distribution makes no outbound connection of its own): the build's, which must hold the distribution's
 * tar.gz (a test dependency with an exclusion of {@code *:*} puts it there) and the kit.
 * <p>
 * Immutable and thread-safe: every {@code with}-method returns a new instance. Runs in the test JVM only.
 */
public final class SlipwayKarafOptions {

    /** The Maven group of Slipway's artifacts. */
    public static final String GROUP = "org.slipway";
    /** The distribution's artifactId; its type is {@code tar.gz}. */
    public static final String DISTRIBUTION = "org.slipway.distribution";
    /** The test kit's artifactId, which is also its Bundle-SymbolicName. */
    public static final String TESTKIT = "org.slipway.testkit";
    /** Where Pax Exam's Karaf container keeps pax-url's settings. */
    private static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
    private static final String CENTRAL = "https://repo1.maven.org/maven2@id=central";

    private final String version;
    private final String testkitVersion;
    private final String localRepository;
    private final File unpackDirectory;
    private final LogLevel logLevel;
    private final boolean keepRuntimeFolder;

    private SlipwayKarafOptions(String version, String testkitVersion, String localRepository,
            File unpackDirectory, LogLevel logLevel, boolean keepRuntimeFolder) {
        this.version = requireNonNull(version, "version");
        this.testkitVersion = requireNonNull(testkitVersion, "testkitVersion");
        this.localRepository = requireNonNull(localRepository, "localRepository");
        this.unpackDirectory = requireNonNull(unpackDirectory, "unpackDirectory");
        this.logLevel = requireNonNull(logLevel, "logLevel");
        this.keepRuntimeFolder = keepRuntimeFolder;
    }

    /**
     * The distribution of the kit's own version, unpacked under {@code target/exam}, log level {@code WARN},
     * the runtime folder deleted after the run, the local repository from the system property
     * {@code org.ops4j.pax.url.mvn.localRepository}, else {@code maven.repo.local}, else
     * {@code ~/.m2/repository}.
     */
    public static SlipwayKarafOptions distribution() {
        String kit = ownVersion();
        String repository = System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                System.getProperty("maven.repo.local",
                        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        return new SlipwayKarafOptions(kit, kit, repository, new File("target/exam"), LogLevel.WARN, false);
    }

    /** @param value the distribution's version; not blank */
    public SlipwayKarafOptions withVersion(String value) {
        return new SlipwayKarafOptions(notBlank(value, "version"), testkitVersion, localRepository,
                unpackDirectory, logLevel, keepRuntimeFolder);
    }

    /** @param value the local Maven repository the Karaf JVM resolves from; not blank */
    public SlipwayKarafOptions withLocalRepository(String value) {
        return new SlipwayKarafOptions(version, testkitVersion, notBlank(value, "localRepository"),
                unpackDirectory, logLevel, keepRuntimeFolder);
    }

    /** @param value where Pax Exam unpacks the distribution, one folder per run; not {@code null} */
    public SlipwayKarafOptions withUnpackDirectory(File value) {
        return new SlipwayKarafOptions(version, testkitVersion, localRepository, value, logLevel,
                keepRuntimeFolder);
    }

    /** @param value the root logger's level in the container; not {@code null} */
    public SlipwayKarafOptions withLogLevel(LogLevel value) {
        return new SlipwayKarafOptions(version, testkitVersion, localRepository, unpackDirectory, value,
                keepRuntimeFolder);
    }

    /** @param value whether the unpacked instance stays on disk after the run (to read its log) */
    public SlipwayKarafOptions withKeepRuntimeFolder(boolean value) {
        return new SlipwayKarafOptions(version, testkitVersion, localRepository, unpackDirectory, logLevel, value);
    }

    /** @return the distribution's version */
    public String version() {
        return version;
    }

    /** @return the version of the kit provisioned in the container: the one on the test class path */
    public String testkitVersion() {
        return testkitVersion;
    }

    /** @return the local Maven repository the Karaf JVM resolves from */
    public String localRepository() {
        return localRepository;
    }

    /** @return the options, in a new array the caller may combine with its own */
    public Option[] options() {
        List<Option> options = new ArrayList<>();
        options.add(karafDistributionConfiguration()
                .frameworkUrl(maven(GROUP, DISTRIBUTION, version).type("tar.gz"))
                .unpackDirectory(unpackDirectory)
                .name("Slipway")
                .useDeployFolder(false));
        if (keepRuntimeFolder) {
            options.add(keepRuntimeFolder());
        }
        options.add(configureConsole().ignoreLocalConsole());
        options.add(logLevel(logLevel));
        // The kit, the probe's and Pax Exam's own bundles come from the build's local repository.
        options.add(editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.localRepository", localRepository));
        options.add(editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.repositories", CENTRAL));
        options.add(mavenBundle(GROUP, TESTKIT, testkitVersion));
        return options.toArray(Option[]::new);
    }

    @Override
    public String toString() {
        return "Slipway " + version + " from " + localRepository + " with " + TESTKIT + " " + testkitVersion
                + ", log " + logLevel + (keepRuntimeFolder ? ", runtime folder kept in " : ", unpacked in ")
                + unpackDirectory;
    }

    /** The kit's own version, written into testkit.properties by the build. */
    private static String ownVersion() {
        try (InputStream in = SlipwayKarafOptions.class.getResourceAsStream("testkit.properties")) {
            if (in == null) {
                throw new IllegalStateException("testkit.properties is missing from " + TESTKIT
                        + ": the kit was not built by its Maven build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return notBlank(properties.getProperty("version"), "version in testkit.properties");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read testkit.properties of " + TESTKIT, e);
        }
    }

    private static String notBlank(String value, String name) {
        requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
