package org.slipway.core.internal.release;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed from one release to the next, bundle by bundle and exported package by exported package.
 *
 * @param feature  the feature
 * @param from     the version before
 * @param to       the version after
 * @param bundles  every bundle of either release, by symbolic name
 * @param packages every package exported by a bundle of either release
 */
public record Changelog(String feature, String from, String to, List<BundleDelta> bundles,
        List<PackageDelta> packages) {

    public Changelog {
        requireNonNull(feature, "feature");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        bundles = List.copyOf(bundles);
        packages = List.copyOf(packages);
    }

    /** What happens to a bundle. */
    public enum Kind { ADDED, REMOVED, UPDATED, UNCHANGED }

    /**
     * A kind of change, in increasing weight: of a package's version numbers, or of its API as bnd sees it.
     * {@code ADDED} and {@code REMOVED} are a whole package.
     */
    public enum Change {
        UNCHANGED, MICRO, MINOR, MAJOR, ADDED, REMOVED;

        /** @return the weight of the change for a release: REMOVED is MAJOR, ADDED is MINOR */
        public Change weight() {
            return this == REMOVED ? MAJOR : this == ADDED ? MINOR : this;
        }
    }

    /**
     * @param symbolicName the bundle (after, unless removed)
     * @param from         its version before, {@code null} when added
     * @param to           its version after, {@code null} when removed
     * @param kind         what happens to it
     * @param renamedFrom  its symbolic name before, when the same Maven artifact changed it; else {@code null}
     */
    public record BundleDelta(String symbolicName, String from, String to, Kind kind, String renamedFrom) {
    }

    /**
     * @param name      the package
     * @param bundle    the bundle exporting it
     * @param from      its version before, {@code null} when added
     * @param to        its version after, {@code null} when removed
     * @param version   the change its version numbers state
     * @param api       the change of its API, by bnd's baseline
     * @param suggested the version bnd suggests, {@code null} when none
     * @param mismatch  whether bnd finds the version change too small for the API change (bnd's
     *                  "Baseline mismatch")
     * @param details   what changed in its API, one line per added, removed or changed element
     */
    public record PackageDelta(String name, String bundle, String from, String to, Change version, Change api,
            String suggested, boolean mismatch, List<String> details) {

        public PackageDelta {
            details = List.copyOf(details);
        }
    }

    /** @return the heaviest API change of any package, {@link Change#UNCHANGED} when none */
    public Change apiChange() {
        return packages.stream().map(p -> p.api().weight()).max(Enum::compareTo).orElse(Change.UNCHANGED);
    }

    /** @return the packages whose API changed more than their version says */
    public List<PackageDelta> mismatches() {
        return packages.stream().filter(PackageDelta::mismatch).toList();
    }

    /** @return plain data for JSON */
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("feature", feature);
        data.put("from", from);
        data.put("to", to);
        data.put("apiChange", apiChange().name());
        data.put("bundles", bundles.stream().map(b -> {
            Map<String, Object> bundle = new LinkedHashMap<>();
            bundle.put("symbolicName", b.symbolicName());
            bundle.put("from", b.from());
            bundle.put("to", b.to());
            bundle.put("change", b.kind().name());
            bundle.put("renamedFrom", b.renamedFrom());
            return bundle;
        }).toList());
        data.put("packages", packages.stream().map(p -> {
            Map<String, Object> pkg = new LinkedHashMap<>();
            pkg.put("name", p.name());
            pkg.put("bundle", p.bundle());
            pkg.put("from", p.from());
            pkg.put("to", p.to());
            pkg.put("versionChange", p.version().name());
            pkg.put("apiChange", p.api().name());
            pkg.put("suggested", p.suggested());
            pkg.put("mismatch", p.mismatch());
            pkg.put("details", p.details());
            return pkg;
        }).toList());
        return data;
    }
}
