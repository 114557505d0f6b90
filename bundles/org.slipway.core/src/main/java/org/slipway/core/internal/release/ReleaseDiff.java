package org.slipway.core.internal.release;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.slipway.core.internal.archive.MavenPath;
import org.slipway.core.internal.engine.PackageExport;
import org.slipway.core.internal.engine.PackageHeaders;
import org.slipway.core.internal.engine.Version;
import org.slipway.core.internal.release.Changelog.BundleDelta;
import org.slipway.core.internal.release.Changelog.Change;
import org.slipway.core.internal.release.Changelog.Kind;
import org.slipway.core.internal.release.Changelog.PackageDelta;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Delta;
import aQute.bnd.service.diff.Diff;
import aQute.bnd.service.diff.Type;

/**
 * Compares two releases with bnd's baseline, the engine of bnd-baseline-maven-plugin: bundles are paired
 * by symbolic name, and every package a bundle exports is classified by its version numbers and by what bnd
 * finds in its API. Stateless.
 */
public final class ReleaseDiff {

    /** At most this many lines of API detail per package. */
    static final int MAX_DETAILS = 40;

    private ReleaseDiff() {
    }

    /**
     * Pairs the bundles of the two releases by symbolic name, then those left by Maven artifact (a bundle whose
     * symbolic name changed between versions, as commons-collections4's did from 4.1 to 4.2), and classifies
     * every exported package of each pair.
     *
     * @throws IllegalStateException when bnd cannot read a bundle; the message names it
     */
    public static Changelog diff(Release from, Release to) {
        List<ReleaseBundle> olders = new ArrayList<>(from.bundles());
        List<ReleaseBundle> newers = new ArrayList<>(to.bundles());
        Map<ReleaseBundle, ReleaseBundle> pairs = new LinkedHashMap<>();
        pair(olders, newers, pairs, ReleaseBundle::symbolicName);
        pair(olders, newers, pairs, ReleaseDiff::artifact);
        List<BundleDelta> bundles = new ArrayList<>();
        List<PackageDelta> packages = new ArrayList<>();
        pairs.forEach((older, newer) -> {
            boolean same = older.symbolicName().equals(newer.symbolicName())
                    && older.version().equals(newer.version()) && Arrays.equals(older.content(), newer.content());
            bundles.add(new BundleDelta(newer.symbolicName(), older.version(), newer.version(),
                    same ? Kind.UNCHANGED : Kind.UPDATED,
                    older.symbolicName().equals(newer.symbolicName()) ? null : older.symbolicName()));
            packages.addAll(baseline(older, newer));
        });
        for (ReleaseBundle newer : newers) {
            bundles.add(new BundleDelta(newer.symbolicName(), null, newer.version(), Kind.ADDED, null));
            exports(newer).forEach(e -> packages.add(new PackageDelta(e.name(), newer.symbolicName(), null,
                    e.version().toString(), Change.ADDED, Change.ADDED, null, false, List.of())));
        }
        for (ReleaseBundle older : olders) {
            bundles.add(new BundleDelta(older.symbolicName(), older.version(), null, Kind.REMOVED, null));
            exports(older).forEach(e -> packages.add(new PackageDelta(e.name(), older.symbolicName(),
                    e.version().toString(), null, Change.REMOVED, Change.REMOVED, null, false, List.of())));
        }
        bundles.sort(Comparator.comparing(BundleDelta::symbolicName));
        packages.sort(Comparator.comparing(PackageDelta::name).thenComparing(PackageDelta::bundle));
        return new Changelog(to.feature(), from.version(), to.version(), bundles, packages);
    }

    /** Moves the bundles of equal {@code key} out of both lists into {@code pairs}; a null key pairs nothing. */
    private static void pair(List<ReleaseBundle> olders, List<ReleaseBundle> newers,
            Map<ReleaseBundle, ReleaseBundle> pairs, Function<ReleaseBundle, String> key) {
        for (ReleaseBundle older : List.copyOf(olders)) {
            String wanted = key.apply(older);
            ReleaseBundle newer = wanted == null ? null
                    : newers.stream().filter(n -> wanted.equals(key.apply(n))).findFirst().orElse(null);
            if (newer != null) {
                pairs.put(older, newer);
                olders.remove(older);
                newers.remove(newer);
            }
        }
    }

    /** @return {@code group:artifact} of the bundle's {@code mvn:} location, null when it has none */
    private static String artifact(ReleaseBundle bundle) {
        try {
            MavenPath path = MavenPath.parse(bundle.location());
            return path.group() + ":" + path.artifact();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<PackageDelta> baseline(ReleaseBundle older, ReleaseBundle newer) {
        List<PackageDelta> packages = new ArrayList<>();
        try (Processor reporter = new Processor();
                Jar newerJar = new Jar(newer.symbolicName(), new ByteArrayInputStream(newer.content()));
                Jar olderJar = new Jar(older.symbolicName(), new ByteArrayInputStream(older.content()))) {
            Baseline baseline = new Baseline(reporter, new DiffPluginImpl());
            Set<String> exported = new HashSet<>();
            exports(older).forEach(e -> exported.add(e.name()));
            exports(newer).forEach(e -> exported.add(e.name()));
            for (Baseline.Info info : baseline.baseline(newerJar, olderJar, null).stream()
                    .filter(i -> exported.contains(i.packageName)) // bnd lists private packages too
                    .sorted(Comparator.comparing(i -> i.packageName)).toList()) {
                Change api = change(info.packageDiff.getDelta());
                String before = api == Change.ADDED ? null : string(info.olderVersion);
                String after = api == Change.REMOVED ? null : string(info.newerVersion);
                Change version = api == Change.ADDED || api == Change.REMOVED ? api
                        : numbers(Version.parse(before), Version.parse(after));
                List<String> details = new ArrayList<>();
                details(info.packageDiff, "", details);
                details = shortened(details);
                packages.add(new PackageDelta(info.packageName, newer.symbolicName(), before, after, version, api,
                        string(info.suggestedVersion), info.mismatch, details));
            }
        } catch (Exception e) {
            throw new IllegalStateException("bnd cannot baseline " + newer + " against " + older + ": "
                    + e.getMessage(), e);
        }
        return packages;
    }

    private static List<PackageExport> exports(ReleaseBundle bundle) {
        return PackageHeaders.exports(bundle.exportPackage());
    }

    /** The change that version numbers state, by the first part that differs. */
    static Change numbers(Version from, Version to) {
        if (from.major() != to.major()) {
            return Change.MAJOR;
        } else if (from.minor() != to.minor()) {
            return Change.MINOR;
        } else if (from.micro() != to.micro() || !from.qualifier().equals(to.qualifier())) {
            return Change.MICRO;
        }
        return Change.UNCHANGED;
    }

    private static Change change(Delta delta) {
        return switch (delta) {
            case ADDED -> Change.ADDED;
            case REMOVED -> Change.REMOVED;
            case MAJOR -> Change.MAJOR;
            case MINOR -> Change.MINOR;
            case MICRO, CHANGED -> Change.MICRO;
            default -> Change.UNCHANGED;
        };
    }

    /**
     * @return at most {@link #MAX_DETAILS} lines, what breaks users first (removed, then changed, then added),
     *         and how many more there are
     */
    private static List<String> shortened(List<String> details) {
        List<String> sorted = new ArrayList<>(details);
        sorted.sort(Comparator.comparingInt(line -> line.startsWith("REMOVED") ? 0 : line.startsWith("ADDED") ? 2 : 1));
        if (sorted.size() <= MAX_DETAILS) {
            return sorted;
        }
        List<String> kept = new ArrayList<>(sorted.subList(0, MAX_DETAILS));
        kept.add("... and " + (sorted.size() - MAX_DETAILS) + " more");
        return kept;
    }

    /** One line per element added or removed, below the classes whose API changed. */
    private static void details(Diff diff, String owner, List<String> details) {
        for (Diff child : diff.getChildren()) {
            Delta delta = child.getDelta();
            if (delta == Delta.UNCHANGED || delta == Delta.IGNORED || owner.isEmpty() && !isType(child.getType())) {
                // the package's own version and annotations: the table says those
                continue;
            }
            String name = owner.isEmpty() ? child.getName() : owner + "." + child.getName();
            if (delta == Delta.ADDED || delta == Delta.REMOVED || child.getChildren().isEmpty()) {
                details.add(delta + " " + child.getType().name().toLowerCase() + " " + name);
            } else if (isType(child.getType())) {
                details(child, child.getName(), details);
            } else {
                details(child, owner, details);
            }
        }
    }

    private static boolean isType(Type type) {
        return type == Type.CLASS || type == Type.INTERFACE || type == Type.ANNOTATION || type == Type.ENUM;
    }

    private static String string(aQute.bnd.version.Version version) {
        return version == null ? null : version.toString();
    }
}
