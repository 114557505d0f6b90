package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class PackageHeadersTest {

    private static PackageExport export(String name, String version) {
        return new PackageExport(name, Version.parse(version));
    }

    private static PackageImport importOf(String name, String range, boolean optional) {
        return new PackageImport(name, VersionRange.parse(range), optional);
    }

    @Test
    public void quotedRangeWithACommaStaysOneImport() {
        assertEquals(List.of(importOf("a.b", "[1.1,2)", false), importOf("c.d", "[4.0,5)", false)),
                PackageHeaders.imports("a.b;version=\"[1.1,2)\",c.d;version=\"[4.0,5)\""));
    }

    @Test
    public void theRealWebImportParses() {
        List<PackageImport> imports = PackageHeaders.imports("java.io,java.lang,javax.servlet;version=\"[4.0,5)\","
                + "javax.servlet.http;version=\"[4.0,5)\",org.slipway.example.greeter.api;version=\"[1.1,2)\"");
        assertEquals(5, imports.size());
        assertEquals(importOf("org.slipway.example.greeter.api", "[1.1,2)", false), imports.get(4));
        assertEquals("[1.1,2)", imports.get(4).range().toString());
    }

    @Test
    public void severalPackagesShareOneClause() {
        assertEquals(List.of(export("a", "1.0.0"), export("b", "1.0.0"), export("c", "2.0.0")),
                PackageHeaders.exports("a;b;version=1.0,c;version=\"2\""));
    }

    @Test
    public void directivesWithCommasAreNotPackages() {
        assertEquals(List.of(export("a.api", "1.2.0"), export("b.api", "0.0.0")), PackageHeaders.exports(
                "a.api;uses:=\"x.y,z.w\";version=\"1.2\";mandatory:=\"vendor\",b.api;uses:=\"a.api\""));
    }

    @Test
    public void optionalResolutionIsRead() {
        List<PackageImport> imports = PackageHeaders.imports(
                "a;resolution:=optional;version=\"[1,2)\",b;resolution:=\"mandatory\",c;resolution:=\"optional\"");
        assertTrue(imports.get(0).optional());
        assertFalse(imports.get(1).optional());
        assertTrue(imports.get(2).optional());
    }

    @Test
    public void missingVersionMeansZeroForAnExportAndAnyForAnImport() {
        assertEquals(List.of(export("a", "0.0.0")), PackageHeaders.exports("a"));
        assertEquals(List.of(new PackageImport("a", VersionRange.ANY, false)), PackageHeaders.imports("a"));
    }

    @Test
    public void typedAndDeprecatedVersionAttributesAreRead() {
        assertEquals(List.of(export("a", "1.2.0")), PackageHeaders.exports("a;version:Version=\"1.2\""));
        assertEquals(List.of(export("b", "3.0.0")), PackageHeaders.exports("b;specification-version=3"));
    }

    @Test
    public void emptyHeaderHasNoPackages() {
        assertEquals(List.of(), PackageHeaders.exports(""));
        assertEquals(List.of(), PackageHeaders.imports("  "));
    }

    @Test
    public void malformedHeadersAreRejectedQuotingTheHeader() {
        IllegalArgumentException quote = assertThrows(IllegalArgumentException.class,
                () -> PackageHeaders.imports("a;version=\"[1,2)"));
        assertEquals("Malformed Import-Package \"a;version=\"[1,2)\": a quote is not closed", quote.getMessage());
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> PackageHeaders.exports("a;version=one"));
        assertTrue(version.getMessage(), version.getMessage().startsWith("Malformed Export-Package \"a;version=one\""));
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                () -> PackageHeaders.exports("version=1.0"));
        assertTrue(noName.getMessage(), noName.getMessage().endsWith("names no package"));
    }
}
