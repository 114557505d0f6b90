package org.slipway.itests;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The release {@code settings} of issue 19's tests, as a repository release written under a folder: 1.0.0 declares
 * {@code greeting = Hello}, {@code port}, {@code retired} and a token from the secret {@value #SECRET}; 1.1.0
 * changes the greeting's default, adds {@code mode}, drops {@code retired}, and its bundle declares OSGi Metatype
 * (port an Integer, mode one of two options); 1.2.0 refers to a secret that is not there; 1.3.0 keeps 1.1.0's
 * bundle and changes the port's default to one that bundle's metatype refuses. The bundles are
 * manifest-only jars (with the metatype resource as bnd writes it), referred to by {@code file:} URLs.
 */
final class SettingsFixture {

    static final String PID = "org.example.settings";
    static final String SECRET = "settings.token";
    static final String METATYPE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.3.0">
              <OCD id="org.example.settings.Config" name="Settings">
                <AD id="greeting" type="String" default="Hello"/>
                <AD id="port" type="Integer" default="8080"/>
                <AD id="mode" type="String" default="polite">
                  <Option label="Polite" value="polite"/>
                  <Option label="Terse" value="terse"/>
                </AD>
                <AD id="token" type="Password" default=""/>
              </OCD>
              <Designate pid="org.example.settings">
                <Object ocdref="org.example.settings.Config"/>
              </Designate>
            </metatype:MetaData>
            """;

    private SettingsFixture() {
    }

    /** Writes the bundles and the features XML into {@code folder}; @return the features XML */
    static Path repository(Path folder) throws IOException {
        Path old = bundle(folder.resolve("settings-1.0.0.jar"), "1.0.0", null);
        Path current = bundle(folder.resolve("settings-1.1.0.jar"), "1.1.0", METATYPE);
        String token = "token = $[secret:" + SECRET + "]\n";
        return Files.writeString(folder.resolve("settings-features.xml"), """
                <features name="settings" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="settings" version="1.0.0">
                    <bundle>%1$s</bundle>
                    <config name="org.example.settings">greeting = Hello
                port = 8080
                retired = yes
                %3$s</config>
                  </feature>
                  <feature name="settings" version="1.1.0">
                    <bundle>%2$s</bundle>
                    <config name="org.example.settings">greeting = Welcome
                port = 8080
                mode = polite
                %3$s</config>
                  </feature>
                  <feature name="settings" version="1.2.0">
                    <bundle>%2$s</bundle>
                    <config name="org.example.settings">greeting = Hello
                port = 8080
                retired = yes
                api.key = $[secret:settings.missing]
                %3$s</config>
                  </feature>
                  <feature name="settings" version="1.3.0">
                    <bundle>%2$s</bundle>
                    <config name="org.example.settings">greeting = Welcome
                port = eighty
                mode = polite
                %3$s</config>
                  </feature>
                </features>
                """.formatted(old.toUri(), current.toUri(), token));
    }

    private static Path bundle(Path target, String version, String metatype) throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
                JarOutputStream jar = new JarOutputStream(out, TestBundles.manifest(PID, version))) {
            if (metatype != null) {
                jar.putNextEntry(new JarEntry("OSGI-INF/metatype/org.example.settings.Config.xml"));
                jar.write(metatype.getBytes(UTF_8));
                jar.closeEntry();
            }
        }
        return target;
    }
}
