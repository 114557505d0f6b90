package org.slipway.core.internal.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** An environment's overlay read from etc/env/NAME/, and the names refused with the known ones. */
public class EnvironmentTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void theOverlayIsEveryCfgOfTheFolderByConfigurationName() throws Exception {
        Path etc = temp.newFolder("etc").toPath();
        Path prod = Files.createDirectories(etc.resolve("env/prod"));
        Files.createDirectories(etc.resolve("env/dev"));
        Files.writeString(prod.resolve("org.example.app.cfg"), "# prod\ndb.url = jdbc:x://db-prod/app\n"
                + "db.password = $[secret:db-prod.password]\n");
        Files.writeString(prod.resolve("org.example.listener~one.cfg"), "port = 81\n");
        Files.writeString(prod.resolve("README"), "not a configuration\n");

        Environment environment = Environment.read(" prod ", etc);

        assertEquals("prod", environment.name());
        assertEquals(Map.of("org.example.app", Map.of("db.url", "jdbc:x://db-prod/app", "db.password",
                "$[secret:db-prod.password]"), "org.example.listener~one", Map.of("port", "81")),
                environment.overlays());
        assertEquals(List.of("dev", "prod"), Environment.known(etc));
        assertEquals(Environment.NONE, Environment.read("", etc));
        assertEquals(Environment.NONE, Environment.read(null, etc));
    }

    @Test
    public void anUnknownEnvironmentOrOneThatIsNoNameIsRefusedWithTheKnownOnes() throws Exception {
        Path etc = temp.newFolder("etc").toPath();
        Files.createDirectories(etc.resolve("env/staging"));
        Files.createDirectories(etc.resolve("elsewhere"));

        for (String name : List.of("qa", "../elsewhere", "staging/..", ".hidden", "env")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Environment.read(name,
                    etc));
            assertEquals(name, "Unknown environment \"" + name + "\": there is no folder etc/env/" + name
                    + " (known: staging)", e.getMessage());
        }
        assertEquals(List.of("none"), Environment.known(temp.newFolder("bare").toPath()));
    }
}
