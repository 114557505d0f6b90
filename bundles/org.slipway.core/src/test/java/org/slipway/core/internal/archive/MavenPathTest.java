package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class MavenPathTest {

    @Test
    public void typeDefaultsToJarAndClassifierToNone() {
        MavenPath path = MavenPath.parse("mvn:org.slipway.example/org.slipway.example.greeter.api/1.1.0");
        assertEquals(new MavenPath("org.slipway.example", "org.slipway.example.greeter.api", "1.1.0", "jar", ""), path);
        assertEquals("org/slipway/example/org.slipway.example.greeter.api/1.1.0/org.slipway.example.greeter.api-1.1.0.jar",
                path.repositoryPath());
    }

    @Test
    public void typeAndClassifierEndTheFileName() {
        MavenPath path = MavenPath.parse("mvn:org.slipway.example/greeter/1.1.0/xml/features");
        assertEquals("org/slipway/example/greeter/1.1.0/greeter-1.1.0-features.xml", path.repositoryPath());
        assertEquals("org/apache/felix/scr/2.2.6/scr-2.2.6.pom",
                MavenPath.parse("mvn:org.apache.felix/scr/2.2.6/pom").repositoryPath());
    }

    @Test
    public void repositoryPathsTurnBackIntoUrls() {
        assertEquals("mvn:org.slipway.example/greeter/1.1.0/xml/features",
                MavenPath.fromRepositoryPath("org/slipway/example/greeter/1.1.0/greeter-1.1.0-features.xml").url());
        assertEquals("mvn:org.slipway/a/1.0.0-SNAPSHOT",
                MavenPath.fromRepositoryPath("org/slipway/a/1.0.0-SNAPSHOT/a-1.0.0-SNAPSHOT.jar").url());
        assertEquals("mvn:org.slipway/a/1/tar.gz", MavenPath.fromRepositoryPath("org/slipway/a/1/a-1.tar.gz").url());
        for (String url : new String[] {"mvn:g.h/a/1.0/kar", "mvn:g/a/1.0/jar/sources", "mvn:g/a/1.0"}) {
            assertEquals(url, MavenPath.fromRepositoryPath(MavenPath.parse(url).repositoryPath()).url());
        }
    }

    @Test
    public void badUrlsAreRejectedQuotingTheInput() {
        for (String bad : new String[] {"", "mvn:", "mvn:g/a", "file:/tmp/a.jar", "wrap:mvn:g/a/1", "mvn:g/a/1/jar/c/x",
                "mvn:g//1", "mvn:g/../1", "mvn:g/a/..", "mvn:../a/1", "mvn:g..h/a/1", "mvn:.g/a/1",
                "mvn:http://repo.example.org!g/a/1", "mvn:g/a/1 ", "mvn:g\\h/a/1"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class, () -> MavenPath.parse(bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("\"" + bad + "\" is not a Maven URL"));
        }
    }

    @Test
    public void pathsNotLaidOutByMavenAreRejectedQuotingTheInput() {
        for (String bad : new String[] {"greeter.xml", "a/1/a-1.jar", "g/a/1/b-1.jar", "g/a/1/a-1", "g/a/1/a-1-x",
                "g/../1/..-1.jar"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> MavenPath.fromRepositoryPath(bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("\"" + bad + "\" is not a Maven repository path"));
        }
    }
}
