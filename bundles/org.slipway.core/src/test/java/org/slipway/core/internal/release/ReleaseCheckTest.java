package org.slipway.core.internal.release;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slipway.core.internal.engine.UpdateRange;
import org.slipway.core.internal.release.Changelog.Change;
import org.slipway.core.internal.release.Changelog.Kind;
import org.slipway.core.internal.release.Changelog.PackageDelta;

/**
 * The changelog (bnd's baseline on real compiled bundles) and the offline verdict: an added method behind a
 * minor version, a removed method behind a minor version (bnd's mismatch, the release understated), a major
 * version that breaks a staying importer (refused), a bundle added and one removed.
 */
public class ReleaseCheckTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void anAddedMethodIsAMinorChangeAndAccepted() throws Exception {
        CheckReport report = ReleaseCheck.check(release("1.0.0", api("1.0.0", "hello"), client()),
                release("1.1.0", api("1.1.0", "hello", "bye"), client()), UpdateRange.KARAF_DEFAULT);
        PackageDelta api = report.changelog().packages().get(0);
        assertEquals(List.of("p.api", "1.0.0", "1.1.0", Change.MINOR, Change.MINOR, false),
                List.of(api.name(), api.from(), api.to(), api.version(), api.api(), api.mismatch()));
        assertEquals(List.of("ADDED method p.api.Hello.bye()"), api.details());
        assertFalse(report.toString(), report.failed());
        assertEquals(Kind.UPDATED, report.changelog().bundles().get(0).kind());
        assertEquals(Kind.UNCHANGED, report.changelog().bundles().get(1).kind());
        String markdown = Markdown.changelog(report.changelog());
        assertTrue(markdown, markdown.contains("| p.api | api | 1.0.0 | 1.1.0 | minor | minor | 1.1.0 |"));
    }

    @Test
    public void aRemovedMethodBehindAMinorVersionUnderstatesTheChange() throws Exception {
        CheckReport report = ReleaseCheck.check(release("1.1.0", api("1.1.0", "hello", "bye"), client()),
                release("1.2.0", api("1.2.0", "hello"), client()), UpdateRange.KARAF_DEFAULT);
        assertFalse("the client's range [1.0,2) still holds", report.refused());
        assertTrue(report.failed());
        assertEquals(List.of("app 1.1.0 -> 1.2.0 is a minor release, but its API change is major: p.api (major)",
                "Package p.api of api goes 1.1.0 -> 1.2.0 (minor), but its API change is major; bnd suggests 2.0.0"),
                report.releaseProblems());
        assertTrue(Markdown.changelog(report.changelog()), Markdown.changelog(report.changelog())
                .contains("major **(more than the version says)**"));
    }

    @Test
    public void aMajorVersionThatBreaksAStayingImporterIsRefused() throws Exception {
        CheckReport report = ReleaseCheck.check(release("1.1.0", api("1.1.0", "hello"), client()),
                release("2.0.0", api("2.0.0", "greet"), client()), UpdateRange.KARAF_DEFAULT);
        assertTrue(report.refused());
        assertEquals(List.of("Bundle client 1.0.0 [2] imports p.api [1.0,2), but the upgrade offers 2.0.0"),
                report.refusals());
        assertEquals("a major release may change its API", List.of(), report.releaseProblems());
        assertTrue(Markdown.check(report), Markdown.check(report).contains("**Refused**"));
    }

    @Test
    public void bundlesAddedAndRemovedCarryTheirPackages() throws Exception {
        ReleaseBundle extra = ReleaseBundle.read("mvn:x/extra/1.0.0", Jars.bundle(folder.getRoot().toPath(),
                Map.of("q/Q.java", "package q; public class Q {}"),
                Map.of("Bundle-SymbolicName", "extra", "Bundle-Version", "1.0.0", "Export-Package",
                        "q;version=\"1.0.0\"")));
        Changelog log = ReleaseDiff.diff(release("1.0.0", api("1.0.0", "hello"), extra),
                release("1.0.1", api("1.0.0", "hello")));
        assertEquals(List.of(Kind.UNCHANGED, Kind.REMOVED), log.bundles().stream().map(b -> b.kind()).toList());
        assertEquals(Change.REMOVED, log.packages().get(1).api());
        assertEquals(Change.MAJOR, log.apiChange());
    }

    @Test
    public void aBundleWhoseSymbolicNameChangedIsPairedByItsMavenArtifact() throws Exception {
        ReleaseBundle renamed = ReleaseBundle.read("mvn:x/api/1.1.0", Jars.bundle(folder.getRoot().toPath(),
                Map.of("p/api/Hello.java", "package p.api; @org.osgi.annotation.versioning.ProviderType"
                        + " public interface Hello { String hello(); String bye(); }"),
                Map.of("Bundle-SymbolicName", "x.api", "Bundle-Version", "1.1.0", "Export-Package",
                        "p.api;version=\"1.1.0\"")));
        Changelog log = ReleaseDiff.diff(release("1.0.0", api("1.0.0", "hello")), release("1.1.0", renamed));
        assertEquals(List.of(new Changelog.BundleDelta("x.api", "1.0.0", "1.1.0", Kind.UPDATED, "api")),
                log.bundles());
        assertEquals(List.of(Change.MINOR, Change.MINOR), List.of(log.packages().get(0).version(),
                log.packages().get(0).api()));
        assertTrue(Markdown.changelog(log), Markdown.changelog(log).contains("| updated (was api) |"));

        CheckReport check = ReleaseCheck.check(release("1.0.0", api("1.0.0", "hello"), client()),
                release("1.1.0", renamed, client()), UpdateRange.KARAF_DEFAULT);
        assertEquals("the package moved to the renamed bundle: minor, not removed", List.of(), check.warnings());
        assertFalse(check.toString(), check.failed());
    }

    private Release release(String version, ReleaseBundle... bundles) {
        return new Release("app", version, "test", List.of(bundles));
    }

    private ReleaseBundle api(String version, String... methods) throws Exception {
        StringBuilder hello = new StringBuilder(
                "package p.api; @org.osgi.annotation.versioning.ProviderType public interface Hello {");
        for (String method : methods) {
            hello.append(" String ").append(method).append("();");
        }
        Path work = folder.getRoot().toPath();
        return ReleaseBundle.read("mvn:x/api/" + version, Jars.bundle(work, Map.of("p/api/Hello.java",
                hello.append(" }").toString()), Map.of("Bundle-SymbolicName", "api", "Bundle-Version", version,
                "Export-Package", "p.api;version=\"" + version + "\"")));
    }

    private ReleaseBundle client() throws Exception {
        return ReleaseBundle.read("mvn:x/client/1.0.0", Jars.bundle(folder.getRoot().toPath(),
                Map.of("c/Client.java", "package c; public class Client {}"),
                Map.of("Bundle-SymbolicName", "client", "Bundle-Version", "1.0.0", "Import-Package",
                        "p.api;version=\"[1.0,2)\"")));
    }
}
