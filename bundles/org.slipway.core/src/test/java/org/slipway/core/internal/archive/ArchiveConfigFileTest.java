package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.slipway.core.internal.archive.ArchiveFixtures.greeter;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.Test;
import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/** {@code <configfile>}: only the release's own files, strictly under etc/, and only from the archive. */
public class ArchiveConfigFileTest extends ArchiveTestSupport {

    static final String EXTRA_URL = "mvn:org.slipway.example/greeter/1.1.0/cfg/extra";
    static final String EXTRA = "repository/org/slipway/example/greeter/1.1.0/greeter-1.1.0-extra.cfg";
    private static final String OWN_FILES = "; a release may write only its own files under etc/";

    @Test
    public void configFileWithAnExpressionThePlatformExpandsIsRefusedNamingIt() throws Exception {
        for (String expression : List.of("${env:HOME}", "$[env:HOME]", "$[prop:user.name]",
                "$[secret:users.properties]", "${karaf.home}")) {
            Path file = write(ArchiveFixtures.release().put(EXTRA, "greeting = hello\nsecret = " + expression + "\n")
                    .withFeatures(greeter("<configfile finalname=\"etc/org.example.greeter.extra.cfg\">" + EXTRA_URL
                            + "</configfile>")));
            rejected(Reason.FORBIDDEN_ELEMENT, () -> inspectInDistribution(file), "<configfile finalname=\""
                    + "etc/org.example.greeter.extra.cfg\"> from " + EXTRA_URL + " carries the expression \""
                    + expression + "\", which the platform would expand");
        }
    }

    @Test
    public void configFileUnderEtcFromTheArchivePassesWithItsResolvedTarget() throws Exception {
        Path file = write(ArchiveFixtures.release().put(EXTRA, "greeting = hello\n").withFeatures(
                greeter("<configfile finalname=\"${karaf.etc}/org.example.greeter.extra.cfg\" override=\"true\">"
                        + "\n            " + EXTRA_URL + "\n        </configfile>")));

        ReleaseArchive archive = inspectInDistribution(file);

        assertEquals(List.of(new ArchivedConfigFile("etc/org.example.greeter.extra.cfg", EXTRA_URL, true, List.of())),
                archive.features().get(0).configFiles());
    }

    @Test
    public void everyWayOfNamingAFileUnderEtcResolvesToTheSameTarget() {
        for (String finalname : List.of("${karaf.etc}/greeter.cfg", "${karaf.base}/etc/greeter.cfg",
                "${karaf.home}/etc/greeter.cfg", "etc/greeter.cfg", "./etc//greeter.cfg")) {
            assertEquals(finalname, new ConfigFileTarget.Resolution("etc/greeter.cfg", Optional.empty()),
                    ConfigFileTarget.resolve(finalname));
        }
        assertEquals("etc/greeter/templates/mail.txt",
                ConfigFileTarget.resolve("${karaf.etc}/greeter/templates/mail.txt").path());
    }

    @Test
    public void usersPropertiesIsAFileOfThePlatform() throws Exception {
        forbidden(greeter(configFile("${karaf.etc}/users.properties")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"${karaf.etc}/users.properties\"> would write etc/users.properties,"
                + " a file of the platform (users and credentials)" + OWN_FILES);
    }

    @Test
    public void climbingOutOfTheInstanceIsRefused() throws Exception {
        forbidden(greeter(configFile("${karaf.base}/../../x")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"${karaf.base}/../../x\"> would write ../../x, outside etc/" + OWN_FILES);
        forbidden(greeter(configFile("../../x")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"../../x\"> would write ../../x, outside etc/" + OWN_FILES);
    }

    @Test
    public void dotDotIsRefusedEvenWhereItWouldLeadBackIntoEtc() throws Exception {
        forbidden(greeter(configFile("${karaf.etc}/../etc/greeter.cfg")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"${karaf.etc}/../etc/greeter.cfg\"> would write etc/../etc/greeter.cfg,"
                + " outside etc/" + OWN_FILES);
    }

    @Test
    public void bootLibrariesAndScriptsAreOutsideEtc() throws Exception {
        forbidden(greeter(configFile("lib/boot/x.jar")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"lib/boot/x.jar\"> would write lib/boot/x.jar, outside etc/" + OWN_FILES);
        forbidden(greeter(configFile("bin/x")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"bin/x\"> would write bin/x, outside etc/" + OWN_FILES);
        forbidden(greeter(configFile("${karaf.home}/bin/x")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"${karaf.home}/bin/x\"> would write bin/x, outside etc/" + OWN_FILES);
    }

    @Test
    public void shellInitScriptIsAFileOfThePlatform() throws Exception {
        forbidden(greeter(configFile("etc/shell.init.script")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"etc/shell.init.script\"> would write etc/shell.init.script,"
                + " a file of the platform (a script every shell session runs)" + OWN_FILES);
    }

    @Test
    public void fileLocationToKeysPropertiesIsRefused() throws Exception {
        forbidden(greeter("<configfile finalname=\"etc/keys.properties\">file:/tmp/keys</configfile>"),
                "feature greeter 1.1.0: <configfile finalname=\"etc/keys.properties\"> would write"
                        + " etc/keys.properties, a file of the platform (users' SSH keys)" + OWN_FILES);
    }

    @Test
    public void contentFromOutsideTheArchiveIsRefused() throws Exception {
        for (String location : List.of("file:/tmp/greeter.cfg", "http://example.org/greeter.cfg",
                "blueprint:mvn:org.example/x/1.0/xml", "wrap:" + EXTRA_URL, "mvn:org.example/x/1.0/cfg",
                "mvn:http://example.org/repo!org.example/x/1.0/cfg")) {
            forbidden(greeter("<configfile finalname=\"${karaf.etc}/greeter.cfg\">" + location + "</configfile>"),
                    "feature greeter 1.1.0: <configfile finalname=\"${karaf.etc}/greeter.cfg\"> would write"
                            + " etc/greeter.cfg from \"" + location + "\", which is not a file of the archive;"
                            + " a release's files must come from the archive (a plain mvn: URL under repository/)");
        }
    }

    @Test
    public void propertiesOtherThanTheInstanceFoldersAreRefused() throws Exception {
        forbidden(greeter(configFile("${user.home}/.bashrc")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"${user.home}/.bashrc\"> uses ${user.home}, a property other than"
                + " ${karaf.etc}, ${karaf.base} and ${karaf.home}" + OWN_FILES);
        for (String finalname : List.of("${karaf.data}/x.cfg", "${karaf.etc}/${x}.cfg", "etc/${env:HOME}.cfg",
                "${karaf.etc:-/tmp}/x.cfg")) {
            assertTrue(finalname, ConfigFileTarget.resolve(finalname).problem().orElseThrow().startsWith("uses ${"));
        }
    }

    @Test
    public void absolutePathsAreRefused() throws Exception {
        forbidden(greeter(configFile("/etc/cron.d/x")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"/etc/cron.d/x\"> would write /etc/cron.d/x, an absolute path, outside"
                + " etc/" + OWN_FILES);
        assertEquals(Optional.of("would write C:/x.cfg, an absolute path, outside etc/"),
                ConfigFileTarget.resolve("C:/x.cfg").problem());
    }

    @Test
    public void etcItselfAndNamesBesideItAreRefused() {
        assertEquals(Optional.of("would write etc/ itself, not a file under it"),
                ConfigFileTarget.resolve("${karaf.etc}").problem());
        assertEquals(Optional.of("would write ${karaf.etc}x.cfg, beside ${karaf.etc} rather than inside it,"
                + " outside etc/"), ConfigFileTarget.resolve("${karaf.etc}x.cfg").problem());
        assertEquals(Optional.of("would write etcx.cfg, outside etc/"), ConfigFileTarget.resolve("etcx.cfg").problem());
        assertEquals(Optional.of("would write the instance folder, outside etc/"),
                ConfigFileTarget.resolve("${karaf.base}").problem());
        assertEquals(Optional.of("names no file"), ConfigFileTarget.resolve(" ").problem());
    }

    @Test
    public void trustedCertificatesAreAFolderOfThePlatform() throws Exception {
        forbidden(greeter(configFile("${karaf.etc}/slipway-trusted/attacker.pem")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"${karaf.etc}/slipway-trusted/attacker.pem\"> would write"
                + " etc/slipway-trusted/attacker.pem, a file of the platform (trusted signing certificates)"
                + OWN_FILES);
    }

    @Test
    public void configurationFileOfAPlatformPidIsAFileOfThePlatform() throws Exception {
        forbidden(greeter(configFile("${karaf.etc}/org.apache.karaf.shell.cfg")), "feature greeter 1.1.0:"
                + " <configfile finalname=\"${karaf.etc}/org.apache.karaf.shell.cfg\"> would write"
                + " etc/org.apache.karaf.shell.cfg, a file of the platform (configuration org.apache.karaf.shell)"
                + OWN_FILES);
    }

    @Test
    public void everyKindOfPlatformFileIsRefusedWhateverItsCase() {
        for (String name : List.of("users.properties", "USERS.PROPERTIES", "keys.properties", "host.key",
                "greeter.key", "greeter.jks", "server.p12", "attacker.pem", "attacker.crt", "attacker.cer", "client.keystore", "shell.init.script",
                "scripts/greeter.script", "greeter.script", "config.properties", "custom.properties",
                "system.properties", "custom.system.properties", "startup.properties", "jre.properties",
                "profile.cfg", "java.util.logging.properties", "all.policy", "distribution.info",
                "branding.properties", "branding-ssh.properties", "jmx.acl.cfg", "jmx.acl.org.example.cfg",
                "org.apache.karaf.features.xml", "org.ops4j.pax.logging.cfg", "org.ops4j.pax.url.mvn.cfg",
                "org.apache.felix.fileinstall-deploy.cfg", "org.apache.felix.fileinstall-x.config",
                "org.slipway.deploy.json", "ORG.APACHE.KARAF.SHELL.cfg", "org.eclipse.jetty.cfg",
                "org.apache.aries.x.cfg", "org.apache.sshd.x.cfg", "org.apache.karaf.management.cfg",
                "greeter/users.properties", "x.cfg/greeter.txt", "env/prod/org.example.greeter.cfg",
                "ENV/dev/greeter.txt")) {
            String problem = ConfigFileTarget.resolve("${karaf.etc}/" + name).problem().orElse("passed");
            assertTrue(name + ": " + problem, problem.contains("a file of the platform ("));
        }
    }

    @Test
    public void applicationFilesUnderEtcPass() {
        for (String name : List.of("org.example.greeter.cfg", "org.example.greeter-extra.cfg", "greeter.json",
                "greeter.properties", "greeter/templates/mail.txt", "org.apache.cxf.osgi.cfg", "greeter.key.txt")) {
            assertEquals(name, Optional.empty(), ConfigFileTarget.resolve("${karaf.etc}/" + name).problem());
        }
    }

    @Test
    public void namesOfOtherCharactersAreRefused() {
        for (String finalname : List.of("etc\\users.properties", "etc/users.properties.", "etc/users.properties::$DATA",
                "etc/caf\u00e9.cfg", "etc/x\n.cfg", "etc/USERS~1.PRO")) {
            String problem = ConfigFileTarget.resolve(finalname).problem().orElse("passed");
            assertTrue(finalname + ": " + problem, problem.contains("a name of other characters"));
        }
    }

    @Test
    public void configFileInsideAConditionalIsCheckedTheSame() throws Exception {
        forbidden(greeter("<conditional>", "    <condition>webconsole</condition>",
                "    " + configFile("${karaf.etc}/users.properties"), "</conditional>"), "feature greeter 1.1.0:"
                        + " <configfile finalname=\"${karaf.etc}/users.properties\"> inside <conditional> would"
                        + " write etc/users.properties, a file of the platform (users and credentials)" + OWN_FILES);
    }

    @Test
    public void longFinalnameIsQuotedShortened() throws Exception {
        String finalname = "../" + "x".repeat(1000);
        Path file = withFeatures(greeter(configFile(finalname)));
        ArchiveRejectedException e = rejected(Reason.FORBIDDEN_ELEMENT, () -> inspectInDistribution(file),
                "more characters)", "outside etc/");
        assertTrue(e.getMessage(), e.getMessage().length() < 700);
    }

    /** @return a configfile element whose location is a file of the archive */
    static String configFile(String finalname) {
        return "<configfile finalname=\"" + finalname + "\">" + ArchiveFixtures.API_URL + "</configfile>";
    }
}
