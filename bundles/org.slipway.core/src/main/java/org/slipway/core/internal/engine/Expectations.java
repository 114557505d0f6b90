package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What verification must find running after a change, beyond the named feature's own bundles: every bundle
 * the change touched, as {@code symbolicName/version}. After the change ({@link #target}): the new version
 * of each updated bundle, each installed bundle the features service starts, each refreshed bundle; after
 * going back ({@link #previous}): the old version of each updated and each uninstalled bundle, each
 * refreshed bundle. A bundle that was not running before (neither ACTIVE nor a fragment) is not expected
 * to run after. The verifier expects fragments RESOLVED and every other bundle ACTIVE.
 *
 * @param target   the keys to verify after applying the change
 * @param previous the keys to verify after rolling it back
 */
public record Expectations(List<String> target, List<String> previous) {

    /** Nothing beyond the named feature's own bundles. */
    public static final Expectations NONE = new Expectations(List.of(), List.of());

    /** Journal payload keys. */
    static final String TARGET = "verify.target";
    static final String PREVIOUS = "verify.previous";

    public Expectations {
        target = List.copyOf(new LinkedHashSet<>(target));
        previous = List.copyOf(new LinkedHashSet<>(previous));
    }

    static Expectations of(Map<BundleInfo, BundleInfo> replacements, List<BundleInfo> arriving,
            List<BundleInfo> removed, Collection<BundleInfo> refreshed, Set<String> notStarted) {
        List<String> target = new ArrayList<>();
        List<String> previous = new ArrayList<>();
        replacements.forEach((old, next) -> {
            if (running(old)) {
                target.add(next.key());
                previous.add(old.key());
            }
        });
        arriving.stream().filter(b -> !notStarted.contains(b.key())).forEach(b -> target.add(b.key()));
        removed.stream().filter(Expectations::running).forEach(b -> previous.add(b.key()));
        refreshed.stream().filter(Expectations::running).forEach(b -> {
            target.add(b.key());
            previous.add(b.key());
        });
        return new Expectations(target, previous);
    }

    /** @return the keys for {@code version}: the change's target, or the version it came from */
    List<String> forVersion(String version, String to) {
        return version.equals(to) ? target : previous;
    }

    /** @return these expectations as journal payload entries */
    Map<String, String> payload() {
        return Map.of(TARGET, String.join(",", target), PREVIOUS, String.join(",", previous));
    }

    /** @return the expectations a journal payload holds; {@link #NONE} when it holds none */
    static Expectations of(Map<String, String> payload) {
        return new Expectations(split(payload.get(TARGET)), split(payload.get(PREVIOUS)));
    }

    private static List<String> split(String keys) {
        return keys == null || keys.isBlank() ? List.of() : List.of(keys.split(","));
    }

    private static boolean running(BundleInfo bundle) {
        return bundle.fragment() || "ACTIVE".equals(bundle.state());
    }
}
