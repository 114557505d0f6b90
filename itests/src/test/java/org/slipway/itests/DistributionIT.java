package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.io.Reader;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * The booted container is Slipway's lean, hardened assembly running on Felix.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends SlipwayTestSupport {

    @Test
    public void runsOnFelixWithTheLeanBootSet() throws Exception {
        assertEquals("org.apache.felix.framework", context.getBundle(0).getSymbolicName());
        assertTrue(features.isInstalled(features.getFeature("slipway")));
        assertTrue(features.isInstalled(features.getFeature("scr")));
        for (String absent : new String[] {"management", "kar", "deployer", "instance", "webconsole"}) {
            assertFalse(absent + " must not be installed at boot",
                    features.getFeature(absent) != null && features.isInstalled(features.getFeature(absent)));
        }
        assertFalse("no JMX connector bundle", Arrays.stream(context.getBundles())
                .map(Bundle::getSymbolicName).anyMatch("org.apache.karaf.management.server"::equals));
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            assertEquals(bundle.getSymbolicName() + " state",
                    fragment ? Bundle.RESOLVED : Bundle.ACTIVE, bundle.getState());
        }
    }

    @Test
    public void sshListensOnLoopbackAndTheStockLoginDoesNotExist() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Properties shell = load(etc.resolve("org.apache.karaf.shell.cfg"));
        assertEquals("127.0.0.1", shell.getProperty("sshHost"));
        assertEquals("false", shell.getProperty("sftpEnabled"));

        Properties users = load(etc.resolve("users.properties"));
        assertFalse("no karaf user", users.containsKey("karaf"));
        assertTrue("only groups until bin/slipway generates the slipway user",
                users.stringPropertyNames().stream().allMatch(name -> name.startsWith("_g_:")));
        assertTrue(Files.exists(Path.of(System.getProperty("karaf.home"), "bin", "slipway")));
    }

    @Test
    public void onlySlipwayWatchesTheDeployFolder() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        assertFalse("Felix fileinstall does not watch deploy/",
                Files.exists(etc.resolve("org.apache.felix.fileinstall-deploy.cfg")));
        Properties deploy = load(etc.resolve("org.slipway.deploy.cfg"));
        assertEquals("deploy", deploy.getProperty("deployFolder"));
        assertEquals("false", deploy.getProperty("requireSignatures"));
        assertFalse("no copy of the overlay", Files.exists(Path.of(System.getProperty("karaf.home"), "assembly")));
    }

    @Test
    public void slipwaysFeatureUpgradeReplacesKarafsAlias() throws Exception {
        String script = Files.readString(Path.of(System.getProperty("karaf.etc"), "shell.init.script"));
        assertFalse(script.contains("feature:upgrade = {"));
        waitFor("the release service", java.time.Duration.ofSeconds(30),
                () -> context.getServiceReference(org.slipway.api.ReleaseService.class) != null);
        String help = executeCommand("feature:upgrade --help");
        assertTrue(help, help.contains("checks semantic-version ranges"));
        assertTrue(help, help.contains("--allow-downgrade"));
    }

    @Test
    public void upgradeRollbackAndDeployAreForAdminsOnlyLikeFeatureInstall() throws Exception {
        waitFor("the release service", java.time.Duration.ofSeconds(30),
                () -> context.getServiceReference(org.slipway.api.ReleaseService.class) != null);
        for (String command : new String[] {"feature:upgrade --simulate greeter 1.0.0", "feature:rollback greeter",
                "release:deploy --simulate greeter-1.3.0.kar"}) {
            try {
                executeCommand(command, "viewer");
                org.junit.Assert.fail(command + " must be refused to a viewer");
            } catch (Exception refused) { // Karaf hides commands a user may not run: "Command not found"
                assertTrue(refused.toString(), refused.getMessage().contains("Command not found: " + command.split(" ")[0]));
            }
        }
        assertTrue(executeCommand("release:history", "viewer").contains("No upgrades or rollbacks yet."));
        assertTrue(executeCommand("release:list", "viewer").contains("greeter"));
    }

    private static Properties load(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
