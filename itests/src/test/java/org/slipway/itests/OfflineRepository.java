package org.slipway.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;

import org.ops4j.pax.exam.Option;

/**
 * A Maven-layout folder the itests build fills with a third-party release (karaf-maven-plugin's
 * {@code features-add-to-repository}), named by a system property failsafe sets, and the Pax Exam options that
 * make the test's Karaf resolve from it offline: to add AFTER {@link SlipwayTestSupport#config()}'s (a later put
 * of the same key wins). The folder is appended to pax-url's {@code defaultRepositories} (after system/, kar and
 * child system/, all kept), which pax-url reads as local repositories before anything else; no remote repository
 * and offline mode, so nothing is downloaded. The build's local repository stays configured, because Pax Exam
 * installs its own bundles from there.
 */
final class OfflineRepository {

    private static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";

    private OfflineRepository() {
    }

    /**
     * @param markers folders (Maven layout, relative to the repository) the build step must have written
     * @return the folder named by {@code property}; fails when the build step did not run
     */
    static Path folder(String property, String what, String... markers) {
        String folder = System.getProperty(property);
        if (folder == null) {
            throw new IllegalStateException("System property " + property + " is not set (run through failsafe)");
        }
        Path path = Path.of(folder).toAbsolutePath();
        for (String marker : markers) {
            if (!Files.isDirectory(path.resolve(marker))) {
                throw new IllegalStateException(path + " holds no " + what + " (" + marker
                        + "): run the itests pre-integration-test phase");
            }
        }
        return path;
    }

    /** @return the options that resolve from {@code folder} (repository id {@code id}) and nothing remote */
    static Option[] options(String property, Path folder, String id) {
        return new Option[] {
            editConfigurationFileExtend(MVN_CFG, "org.ops4j.pax.url.mvn.defaultRepositories",
                    folder.toUri() + "@id=" + id),
            editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.repositories", ""),
            editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.offline", "true"),
            systemProperty(property).value(folder.toString()),
        };
    }
}
