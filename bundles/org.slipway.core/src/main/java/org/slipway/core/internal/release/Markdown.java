package org.slipway.core.internal.release;

import java.util.List;

import org.slipway.core.internal.release.Changelog.BundleDelta;
import org.slipway.core.internal.release.Changelog.Change;
import org.slipway.core.internal.release.Changelog.PackageDelta;

/** Writes a {@link Changelog} and a {@link CheckReport} as Markdown. Stateless. */
public final class Markdown {

    private Markdown() {
    }

    public static String changelog(Changelog log) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(log.feature()).append(' ').append(log.from()).append(" -> ").append(log.to())
                .append("\n\nAPI change: **").append(lower(log.apiChange())).append("** (bnd baseline)\n");
        md.append("\n## Bundles\n\n| Bundle | ").append(log.from()).append(" | ").append(log.to())
                .append(" | Change |\n|---|---|---|---|\n");
        for (BundleDelta b : log.bundles()) {
            md.append("| ").append(b.symbolicName()).append(" | ").append(dash(b.from())).append(" | ")
                    .append(dash(b.to())).append(" | ").append(b.kind().name().toLowerCase())
                    .append(b.renamedFrom() == null ? "" : " (was " + b.renamedFrom() + ")").append(" |\n");
        }
        md.append("\n## Exported packages\n\n");
        if (log.packages().isEmpty()) {
            md.append("None.\n");
        } else {
            md.append("| Package | Bundle | From | To | Version says | API change (bnd) | bnd suggests |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            for (PackageDelta p : log.packages()) {
                md.append("| ").append(p.name()).append(" | ").append(p.bundle()).append(" | ")
                        .append(dash(p.from())).append(" | ").append(dash(p.to())).append(" | ")
                        .append(lower(p.version())).append(" | ").append(lower(p.api()))
                        .append(p.mismatch() ? " **(more than the version says)**" : "").append(" | ")
                        .append(dash(p.suggested())).append(" |\n");
            }
        }
        List<PackageDelta> detailed = log.packages().stream().filter(p -> !p.details().isEmpty()).toList();
        if (!detailed.isEmpty()) {
            md.append("\n## API changes\n");
            for (PackageDelta p : detailed) {
                md.append("\n### ").append(p.name()).append(' ').append(dash(p.from())).append(" -> ")
                        .append(dash(p.to())).append("\n\n");
                p.details().forEach(d -> md.append("- `").append(d).append("`\n"));
            }
        }
        return md.toString();
    }

    public static String check(CheckReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# Check ").append(report.transition()).append("\n\n")
                .append(report.refused() ? "**Refused**" : "**Accepted**")
                .append(" (the verdict of the live pre-check, computed offline)\n");
        section(md, "Refusing", report.refusals());
        section(md, "Release version", report.releaseProblems());
        section(md, "Warnings", report.warnings());
        return md.toString();
    }

    private static void section(StringBuilder md, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            md.append("\n## ").append(title).append("\n\n");
            lines.forEach(l -> md.append("- ").append(l).append('\n'));
        }
    }

    private static String lower(Change change) {
        return change.name().toLowerCase();
    }

    private static String dash(String text) {
        return text == null ? "-" : text;
    }
}
