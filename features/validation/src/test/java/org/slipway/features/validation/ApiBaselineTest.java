package org.slipway.features.validation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * bnd-baseline-maven-plugin, exactly as this build configures it, refuses an API change of
 * {@code org.slipway.api} that its package version does not announce. Each test copies the build files that
 * org.slipway.api's build reads (the top-level {@code pom.xml}, {@code bnd.bnd}, {@code cnf/}, {@code bundles/pom.xml}
 * and the module itself) into {@code target/}, changes the copy, and runs Maven on it offline with the outer
 * build's local repository, where the outer build installed the previous release from its sources in
 * {@code cnf/release}; the expected versions are read from those sources.
 */
public class ApiBaselineTest {

    private static final String API = "org.slipway.api";
    private static final Path SERVICE = Paths.get("bundles", API, "src/main/java/org/slipway/api/ReleaseService.java");
    private static final Path PACKAGE_INFO_IN_MODULE = Paths.get("src/main/java/org/slipway/api/package-info.java");
    private static final Path PACKAGE_INFO = Paths.get("bundles", API).resolve(PACKAGE_INFO_IN_MODULE);
    /** The previous release, kept as source and built (and installed) by the reactor before the API. */
    private static final Path RELEASED = Paths.get("cnf", "release", API + "-0.1.0");
    /** A method the previous release has: removing it is a MAJOR change. */
    private static final String REMOVED_METHOD = "    List<HistoryEntry> history(String feature);\n";
    private static final Pattern VERSION_ANNOTATION = Pattern.compile("@Version\\(\"([0-9.]+)\"\\)");
    private static final long MAVEN_TIMEOUT_SECONDS = 120;

    private static Path workspace;
    private static Path mavenHome;
    private static String localRepository;
    private static String version;
    private static String released;
    private static String current;

    @BeforeClass
    public static void setUp() throws IOException {
        workspace = Paths.get(BuildProperties.required("slipway.workspace")).toRealPath();
        mavenHome = Paths.get(BuildProperties.required("slipway.maven.home"));
        localRepository = BuildProperties.required("slipway.local.repository");
        version = BuildProperties.required("slipway.version");
        released = releasedPackageVersion();
        current = packageVersion(Files.readString(workspace.resolve(PACKAGE_INFO)));
        assertEquals("the premise: " + API + " " + current + " is not yet a major step over the released "
                + released + " (else removing a method is allowed: pick another change)",
                major(released), major(current));
    }

    @Test
    public void removingAMethodOfAProviderTypeWithoutAMajorBumpFailsTheBuildWithBndsReport() throws Exception {
        Path copy = copyOfTheApiBuild("major-without-bump");
        removeHistoryMethod(copy);

        Run run = maven(copy);

        assertNotEquals("exit code of a build whose API broke without a version bump; log " + run.log, 0, run.exit);
        String expectedSuggestion = (major(released) + 1) + ".0.0";
        assertTrue("bnd's message in " + run.log, run.output.contains("Baseline problems detected. See the report in "));
        assertTrue("the mismatch line (*), MAJOR, current " + current + ", suggest " + expectedSuggestion + " in "
                + run.log, Pattern.compile("\\*\\s+" + Pattern.quote(API) + "\\s+PACKAGE\\s+MAJOR\\s+"
                        + Pattern.quote(current) + "\\s+" + Pattern.quote(released) + "\\s+"
                        + Pattern.quote(expectedSuggestion)).matcher(run.output).find());
        assertTrue("the removed method named in " + run.log,
                Pattern.compile("REMOVED\\s+METHOD\\s+history\\(java\\.lang\\.String\\)").matcher(run.output).find());
        assertTrue("the build failed in the baseline goal: " + run.log,
                run.output.contains("bnd-baseline-maven-plugin:7.1.0:baseline (baseline) on project " + API));
        assertTrue("the report file", Files.readString(report(copy)).contains("* " + API));
    }

    @Test
    public void theSameRemovalWithTheMajorBumpBndSuggestsBuilds() throws Exception {
        Path copy = copyOfTheApiBuild("major-with-bump");
        removeHistoryMethod(copy);
        String bumped = (major(released) + 1) + ".0.0";
        setPackageVersion(copy, bumped);

        Run run = maven(copy);

        assertEquals("exit code with @Version(\"" + bumped + "\"); log " + run.log, 0, run.exit);
        assertTrue("bnd's verdict in " + run.log, run.output.contains("Baseline check succeeded."));
        assertTrue("compared with the release in cnf/release: " + run.log,
                run.output.contains("The baseline version was found to be "));
        String report = Files.readString(report(copy));
        assertTrue("MAJOR, " + bumped + " over " + released + ", ok: " + report,
                Pattern.compile("\\s" + Pattern.quote(API) + "\\s+PACKAGE\\s+MAJOR\\s+" + Pattern.quote(bumped)
                        + "\\s+" + Pattern.quote(released) + "\\s+ok").matcher(report).find());
    }

    /** The package version of org.slipway.api in the release kept (as source) in cnf/release. */
    private static String releasedPackageVersion() throws IOException {
        return packageVersion(Files.readString(workspace.resolve(RELEASED).resolve(PACKAGE_INFO_IN_MODULE)));
    }

    private static Path copyOfTheApiBuild(String name) throws IOException {
        Path copy = Paths.get("target", "baseline-workspaces", name).toAbsolutePath();
        deleteRecursively(copy);
        for (String file : List.of("pom.xml", "bnd.bnd", "bundles/pom.xml")) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(workspace.resolve(file), copy.resolve(file));
        }
        for (String folder : List.of("cnf", "bundles/" + API)) {
            copyFolder(workspace.resolve(folder), copy.resolve(folder));
        }
        return copy;
    }

    private static void removeHistoryMethod(Path copy) throws IOException {
        Path service = copy.resolve(SERVICE);
        String source = Files.readString(service);
        assertTrue("ReleaseService declares " + REMOVED_METHOD.strip(), source.contains(REMOVED_METHOD));
        Files.writeString(service, source.replace(REMOVED_METHOD, ""));
    }

    private static void setPackageVersion(Path copy, String newVersion) throws IOException {
        Path packageInfo = copy.resolve(PACKAGE_INFO);
        String source = Files.readString(packageInfo);
        Files.writeString(packageInfo, VERSION_ANNOTATION.matcher(source).replaceFirst("@Version(\"" + newVersion + "\")"));
    }

    private static String packageVersion(String packageInfo) {
        Matcher matcher = VERSION_ANNOTATION.matcher(packageInfo);
        assertTrue("@Version in package-info.java", matcher.find());
        return matcher.group(1);
    }

    private static int major(String osgiVersion) {
        return Integer.parseInt(osgiVersion.split("\\.")[0]);
    }

    private static Path report(Path copy) {
        return copy.resolve("bundles/" + API + "/target/baseline/" + API + "-" + version + ".txt");
    }

    /** Maven on the copy, offline, with the outer build's local repository; the copy's folder is its top. */
    private static Run maven(Path copy) throws IOException, InterruptedException {
        Path mvn = mavenHome.resolve("bin/mvn");
        List<String> command = new ArrayList<>(List.of(Files.isExecutable(mvn) ? mvn.toString() : "mvn",
                "-B", "-o", "-ntp", "-Dmaven.repo.local=" + localRepository, "-DskipTests",
                "-f", "bundles/" + API + "/pom.xml", "verify"));
        Path log = copy.resolve("maven.log");
        Process process = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            process.getOutputStream().close(); // batch mode reads nothing: no standard input
            if (!process.waitFor(MAVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("Maven did not finish in " + MAVEN_TIMEOUT_SECONDS + " s: " + command
                        + ", log " + log);
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
    }

    private record Run(int exit, String output, Path log) {
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(path);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    try (InputStream in = Files.newInputStream(path)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
