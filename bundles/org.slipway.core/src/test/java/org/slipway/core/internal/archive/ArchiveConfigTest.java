package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.slipway.core.internal.archive.ArchiveFixtures.greeter;

import java.util.List;
import java.util.Optional;

import org.junit.Test;

/** {@code <config>}: only the application's own PIDs, written in the features XML. */
public class ArchiveConfigTest extends ArchiveTestSupport {

    private static final String OWN_PIDS = ", a configuration of the platform; a release may configure only its own"
            + " PIDs";

    @Test
    public void configurationWithAnExpressionThePlatformExpandsIsRefusedNamingElementAndExpression() throws Exception {
        for (String expression : List.of("${env:HOME}", "$[env:HOME]", "$[prop:user.name]",
                "$[secret:users.properties]", "${karaf.home}/x")) {
            forbidden(greeter("<config name=\"org.example.greeter\">", "    secret = " + expression, "</config>"),
                    "feature greeter 1.1.0: <config name=\"org.example.greeter\"> carries the expression \""
                            + expression.replace("/x", "") + "\", which the platform would expand with the host's"
                            + " environment, system properties or secrets; a release's configuration must be literal"
                            + " values (interpolation is for the operator's own configuration)");
        }
    }

    @Test
    public void configurationOfItsOwnPidPassesWithItsProperties() throws Exception {
        ReleaseArchive archive = inspectInDistribution(withFeatures(greeter(
                "<config name=\"org.example.greeter\" append=\"true\">",
                "    greeting = Hello",
                "    audience = world",
                "</config>",
                "<config name=\"org.example.greeter.store~main\" override=\"true\">{ \"size\": 10 }</config>")));

        ArchivedConfig greeter = new ArchivedConfig("org.example.greeter", "greeting = Hello\naudience = world", true,
                false, List.of());
        ArchivedConfig store = new ArchivedConfig("org.example.greeter.store~main", "{ \"size\": 10 }", false, true,
                List.of());
        assertEquals(List.of(greeter, store), archive.features().get(0).configurations());
        assertEquals("etc/org.example.greeter.cfg", greeter.file());
        assertEquals(Optional.empty(), greeter.factoryPid());
        assertEquals("etc/org.example.greeter.store~main.json", store.file());
        assertEquals(Optional.of("org.example.greeter.store"), store.factoryPid());
    }

    @Test
    public void shellConfigurationIsThePlatforms() throws Exception {
        forbidden(greeter("<config name=\"org.apache.karaf.shell\">", "    sshHost = 0.0.0.0", "</config>"),
                "feature greeter 1.1.0: <config name=\"org.apache.karaf.shell\"> would change configuration"
                        + " org.apache.karaf.shell" + OWN_PIDS);
    }

    @Test
    public void slipwaysOwnConfigurationIsThePlatforms() throws Exception {
        forbidden(greeter("<config name=\"org.slipway.deploy\">requireSignatures = false</config>"),
                "feature greeter 1.1.0: <config name=\"org.slipway.deploy\"> would change configuration"
                        + " org.slipway.deploy" + OWN_PIDS);
    }

    @Test
    public void factoryConfigurationOfAPlatformPidIsThePlatforms() throws Exception {
        forbidden(greeter("<config name=\"org.apache.felix.fileinstall~x\">felix.fileinstall.dir = /tmp</config>"),
                "feature greeter 1.1.0: <config name=\"org.apache.felix.fileinstall~x\"> would create a factory"
                        + " configuration of org.apache.felix.fileinstall" + OWN_PIDS);
    }

    @Test
    public void externalConfigurationIsRefused() throws Exception {
        forbidden(greeter("<config name=\"org.example.greeter\" external=\"true\">file:/etc/passwd</config>"),
                "feature greeter 1.1.0: <config external=\"true\" name=\"org.example.greeter\"> would read its"
                        + " properties from \"file:/etc/passwd\", outside the features XML; a release's"
                        + " configurations must be written in its features XML");
    }

    @Test
    public void nameThatIsNoPidIsRefusedBecauseKarafWouldStoreItOutsideEtc() throws Exception {
        forbidden(greeter("<config name=\"../../bin/setenv\">x = y</config>"), "feature greeter 1.1.0:"
                + " <config name=\"../../bin/setenv\"> names no configuration PID (letters, digits and . _ - ~ only),"
                + " and Karaf would store it as etc/../../bin/setenv.cfg");
    }

    @Test
    public void pidStoredAsAPlatformFileIsRefused() throws Exception {
        forbidden(greeter("<config name=\"profile\">x = y</config>"), "feature greeter 1.1.0:"
                + " <config name=\"profile\"> would be stored as etc/profile.cfg, a file of the platform (the"
                + " instance's profile); a release may write only its own files under etc/");
    }

    @Test
    public void configurationNamingAnotherFileForFileinstallIsRefused() throws Exception {
        forbidden(greeter("<config name=\"org.example.greeter\">",
                "    felix.fileinstall.filename = file:/opt/slipway/etc/users.properties", "</config>"),
                "feature greeter 1.1.0: <config name=\"org.example.greeter\"> sets felix.fileinstall.filename, which"
                        + " would have fileinstall write the configuration to another file; a release may write only"
                        + " its own files under etc/");
    }

    @Test
    public void configurationInsideAConditionalIsCheckedTheSame() throws Exception {
        forbidden(greeter("<conditional>", "    <condition>webconsole</condition>",
                "    <config name=\"jmx.acl\">* = admin</config>", "</conditional>"), "feature greeter 1.1.0:"
                        + " <config name=\"jmx.acl\"> inside <conditional> would change configuration jmx.acl"
                        + OWN_PIDS);
    }

    @Test
    public void platformPidsAreKnownByPrefixExactlyAndAsFactories() {
        for (String pid : List.of("org.apache.karaf.shell", "org.apache.karaf.features", "org.apache.karaf.management",
                "org.apache.karaf", "org.apache.karaf.jaas", "org.apache.felix.fileinstall~deploy",
                "org.apache.felix.fileinstall-deploy", "org.ops4j.pax.logging", "org.ops4j.pax.url.mvn",
                "org.slipway.deploy", "org.slipway.release", "org.apache.aries.transaction", "org.eclipse.jetty",
                "org.apache.sshd.server", "jmx.acl", "jmx.acl.org.example", "jmx.acl-x", "ORG.APACHE.KARAF.SHELL",
                "Org.Slipway.Deploy")) {
            assertTrue(pid, PlatformConfiguration.isPlatformPid(pid));
        }
        for (String pid : List.of("org.example.greeter", "org.example.greeter~x", "org.apache.cxf.osgi",
                "org.apache.karafx", "org", "org-apache.karaf.shell", "greeter", "jmx")) {
            assertFalse(pid, PlatformConfiguration.isPlatformPid(pid));
        }
    }

    @Test
    public void factoryPidIsReadAsKarafReadsIt() {
        assertEquals("org.apache.felix.fileinstall", PlatformConfiguration.factoryPid("org.apache.felix.fileinstall~x"));
        assertEquals("org.apache.felix.fileinstall", PlatformConfiguration.factoryPid("org.apache.felix.fileinstall-x"));
        assertEquals("org.example", PlatformConfiguration.factoryPid("org.example~a-b"));
        assertEquals("org.example.greeter", PlatformConfiguration.factoryPid("org.example.greeter"));
    }
}
