package org.slipway.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's application outside this repository, written under {@code target/} as its own Maven build: an
 * API bundle and a client bundle built with bnd-maven-plugin, a features module built with
 * karaf-maven-plugin, and slipway-maven-plugin added to the features module's POM, as docs/example.md shows.
 * Nothing else of Slipway is in it.
 */
final class TinyApp {

    static final String GROUP = "org.slipway.itests.tiny";

    private final Path root;

    TinyApp(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * Writes the application at {@code version}.
     *
     * @param previous       the release before, as Maven coordinates of its features XML; {@code null} for none
     * @param apiVersion     the version of package {@code tiny.api}
     * @param greetingMethod the API's method, {@code hello} in 1.0.0
     * @param extraMethod    a second method of the API, or {@code null}
     */
    void write(String version, String previous, String apiVersion, String greetingMethod, String extraMethod)
            throws IOException {
        deleteRecursively(root); // a fresh checkout of each release: no build output of the one before
        file("pom.xml", parent(version));
        file("tiny.api/pom.xml", bundle("tiny.api", version, ""));
        file("tiny.api/src/main/java/tiny/api/package-info.java", """
                @org.osgi.annotation.bundle.Export
                @org.osgi.annotation.versioning.Version("%s")
                package tiny.api;
                """.formatted(apiVersion));
        file("tiny.api/src/main/java/tiny/api/Hello.java", """
                package tiny.api;

                @org.osgi.annotation.versioning.ProviderType
                public interface Hello {
                    String %s(String name);
                %s}
                """.formatted(greetingMethod, extraMethod == null ? "" : "    String " + extraMethod + "();\n"));
        file("tiny.client/pom.xml", bundle("tiny.client", version, """
                    <dependency>
                      <groupId>%s</groupId>
                      <artifactId>tiny.api</artifactId>
                      <version>%s</version>
                    </dependency>
                """.formatted(GROUP, version)));
        file("tiny.client/src/main/java/tiny/client/Client.java", """
                package tiny.client;

                public class Client {
                    public String call(tiny.api.Hello hello) {
                        return hello.%s("tiny");
                    }
                }
                """.formatted(greetingMethod));
        file("tiny.features/pom.xml", features(version, previous));
        file("tiny.features/src/main/feature/feature.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="tiny-${project.version}" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                    <feature name="tiny" version="${project.version}">
                        <feature>scr</feature>
                        <bundle>mvn:%1$s/tiny.api/${project.version}</bundle>
                        <bundle>mvn:%1$s/tiny.client/%2$s</bundle>
                    </feature>
                </features>
                """.formatted(GROUP, "1.0.0")); // the client is not rebuilt into a release: 1.0.0 stays
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private void file(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String parent(String version) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>tiny</artifactId>
                  <version>%s</version>
                  <packaging>pom</packaging>
                  <modules>
                    <module>tiny.api</module>
                    <module>tiny.client</module>
                    <module>tiny.features</module>
                  </modules>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>
                  </properties>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                        <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                        <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.1</version></plugin>
                        <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin>
                        <plugin><artifactId>maven-install-plugin</artifactId><version>3.1.2</version></plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(GROUP, version);
    }

    /** The start of a module's POM: its parent, the application's, and its artifactId. */
    private static String module(String artifactId, String version) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>%s</groupId>
                    <artifactId>tiny</artifactId>
                    <version>%s</version>
                  </parent>
                  <artifactId>%s</artifactId>
                """.formatted(GROUP, version, artifactId);
    }

    private static String bundle(String name, String version, String dependencies) {
        return module(name, version) + """
                  <dependencies>
                    <dependency>
                      <groupId>org.osgi</groupId>
                      <artifactId>osgi.annotation</artifactId>
                      <version>8.1.0</version>
                      <scope>provided</scope>
                    </dependency>
                %1$s  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>biz.aQute.bnd</groupId>
                        <artifactId>bnd-maven-plugin</artifactId>
                        <version>%2$s</version>
                        <executions>
                          <execution>
                            <goals><goal>bnd-process</goal></goals>
                          </execution>
                        </executions>
                      </plugin>
                      <plugin>
                        <artifactId>maven-jar-plugin</artifactId>
                        <configuration>
                          <archive>
                            <manifestFile>${project.build.outputDirectory}/META-INF/MANIFEST.MF</manifestFile>
                          </archive>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(dependencies, System.getProperty("slipway.bnd.version"));
    }

    private static String features(String version, String previous) {
        return module("tiny.features", version) + """
                  <packaging>feature</packaging>
                  <dependencies>
                    <dependency>
                      <groupId>%1$s</groupId>
                      <artifactId>tiny.api</artifactId>
                      <version>%2$s</version>
                      <scope>provided</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.karaf.tooling</groupId>
                        <artifactId>karaf-maven-plugin</artifactId>
                        <version>%3$s</version>
                        <extensions>true</extensions>
                        <configuration>
                          <addBundlesToPrimaryFeature>false</addBundlesToPrimaryFeature>
                        </configuration>
                      </plugin>
                      <!-- The only Slipway part of the build. -->
                      <plugin>
                        <groupId>org.slipway</groupId>
                        <artifactId>slipway-maven-plugin</artifactId>
                        <version>%4$s</version>
                        <configuration>
                          <from>%5$s</from>
                        </configuration>
                        <executions>
                          <execution>
                            <goals>
                              <goal>archive</goal>
                              <goal>diff</goal>
                              <goal>check</goal>
                            </goals>
                          </execution>
                        </executions>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(GROUP, version, System.getProperty("slipway.karaf.version"),
                System.getProperty("slipway.version"), previous == null ? "" : previous);
    }
}
