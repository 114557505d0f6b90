package org.slipway.core.internal.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a change moves from one version to another: a feature, through the runtime's features, or one
 * bundle updated in place from a jar. The executor applies, verifies and restores through it; the journal
 * keeps its {@link #payload()} so that crash recovery can rebuild it.
 */
interface ChangeTarget {

    /** Journal payload key naming the bundle of a bundle change. */
    String BUNDLE_ID = "bundle.id";

    /** Journal payload key of the kept jar of the revision a bundle change goes back to. */
    String BUNDLE_REVISION = "bundle.revision";

    /** Journal payload key prefix of the configurations and files captured before a change. */
    String SAVED = "saved.";

    /** Journal payload key of the features requested with a feature change's target ({@code name/version} ...). */
    String ALONG = "features.along";

    /** Journal payload key of the features requested with the version a feature change goes back to. */
    String BACK = "features.back";

    /** Moves to {@code version}: the change's target, or back to the version it came from. */
    void install(String version) throws Exception;

    /** Removes {@code version}; only for a change from nothing. */
    void uninstall(String version) throws Exception;

    /** @return what is wrong with {@code version} after {@code timeout}; empty when healthy */
    List<String> verify(String version, Duration timeout) throws InterruptedException;

    /** @return what the journal records to rebuild this target at recovery */
    Map<String, String> payload();

    /** @return the target a journal record describes */
    static ChangeTarget of(ReleaseRuntime runtime, JournalRecord record) {
        String bundle = record.payload().get(BUNDLE_ID);
        Map<String, String> saved = new LinkedHashMap<>();
        record.payload().forEach((k, v) -> {
            if (k.startsWith(SAVED)) {
                saved.put(k.substring(SAVED.length()), v);
            }
        });
        return bundle == null
                ? feature(runtime, record.feature(), record.to(), Expectations.of(record.payload()), saved,
                        new Requests(Requests.ids(record.payload().get(ALONG)), Requests.ids(record.payload().get(BACK))),
                        List.of())
                : bundle(runtime, Long.parseLong(bundle), record.feature(), record.to(), null,
                        Path.of(record.payload().getOrDefault(BUNDLE_REVISION, "")));
    }

    /**
     * The features a feature change requests besides its feature, each {@code name/version}: {@code along} with
     * its target, {@code back} with the version it goes back to (the dependency features the change replaces,
     * at the versions that ran).
     */
    record Requests(List<String> along, List<String> back) {

        static final Requests NONE = new Requests(List.of(), List.of());

        public Requests {
            along = List.copyOf(along);
            back = List.copyOf(back);
        }

        /** @return the ids of a payload entry ({@link #entry(List)}); empty when absent */
        static List<String> ids(String entry) {
            return entry == null || entry.isBlank() ? List.of() : java.util.Arrays.stream(entry.trim().split(" +"))
                    .map(id -> java.net.URLDecoder.decode(id, java.nio.charset.StandardCharsets.UTF_8)).toList();
        }

        /** @return {@code ids} as one payload entry: each URL-encoded (a feature name may hold a space), space-separated */
        static String entry(List<String> ids) {
            return ids.stream().map(id -> java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8))
                    .collect(java.util.stream.Collectors.joining(" "));
        }
    }

    /**
     * A feature, installed with upgrade semantics; verified with every bundle the change touches, as
     * {@code expectations} says for {@code to} and for any other version (the one it came from). Going back
     * to any other version (or uninstalling) also puts back the configurations and files {@code saved}
     * captured before the change, and requests the features {@code requests} names for going back. Moving to
     * {@code to} writes {@code writes} just before the features service's deployment (the three-way merge of the
     * release configurations), so that the new code starts with them; they are not journaled: going back restores
     * what {@code saved} captured.
     */
    static ChangeTarget feature(ReleaseRuntime runtime, String feature, String to, Expectations expectations,
            Map<String, String> saved, Requests requests, List<ConfigurationWrite> writes) {
        return new ChangeTarget() {
            @Override
            public void install(String version) throws Exception {
                if (version.equals(to) && !writes.isEmpty()) {
                    runtime.write(writes); // before the bundles swap (calls held): the new code starts with them
                    runtime.checkpoint("CONFIGURED"); // not a journaled step: a test may halt between write and swap
                }
                runtime.install(feature, version, version.equals(to) ? requests.along() : requests.back());
                if (!version.equals(to)) {
                    runtime.restore(saved);
                }
            }

            @Override
            public void uninstall(String version) throws Exception {
                runtime.uninstall(feature, version);
                runtime.restore(saved);
            }

            @Override
            public List<String> verify(String version, Duration timeout) throws InterruptedException {
                return runtime.verify(feature, version, expectations.forVersion(version, to), timeout);
            }

            @Override
            public Map<String, String> payload() {
                Map<String, String> payload = new LinkedHashMap<>(expectations.payload());
                saved.forEach((k, v) -> payload.put(SAVED + k, v));
                if (!requests.along().isEmpty()) {
                    payload.put(ALONG, Requests.entry(requests.along()));
                }
                if (!requests.back().isEmpty()) {
                    payload.put(BACK, Requests.entry(requests.back()));
                }
                return payload;
            }
        };
    }

    /**
     * One bundle, updated in place: to {@code to} from {@code jar}, back to any other version from
     * {@code previous}, the kept bytes of the revision that ran before the change.
     */
    static ChangeTarget bundle(ReleaseRuntime runtime, long id, String symbolicName, String to, Path jar,
            Path previous) {
        return new ChangeTarget() {
            @Override
            public void install(String version) throws Exception {
                runtime.updateBundle(id, version.equals(to) ? jar : previous);
            }

            @Override
            public void uninstall(String version) {
                throw new IllegalStateException("A bundle upgrade always starts from an installed bundle");
            }

            @Override
            public List<String> verify(String version, Duration timeout) throws InterruptedException {
                return runtime.verifyBundles(List.of(new BundleInfo(id, symbolicName, version, "", "", "",
                        Map.of(), List.of(), false)), timeout);
            }

            @Override
            public Map<String, String> payload() {
                return Map.of(BUNDLE_ID, Long.toString(id), BUNDLE_REVISION, previous.toString());
            }
        };
    }
}
