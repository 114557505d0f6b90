package org.slipway.core.internal.engine;

import java.io.IOException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slipway.api.ChangeStep;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.ConfigurationValue;
import org.slipway.api.ReleaseService;

/**
 * The engine's only view of the running system: the seam between the plain-Java engine and the framework.
 * One adapter implements it with Karaf's FeaturesService, the BundleContext and SCR; unit tests implement
 * it with fixtures.
 * <p>
 * Versions are OSGi version strings ({@code 1.1.0}); feature names are Karaf feature names.
 */
public interface ReleaseRuntime {

    /** @return the versions of {@code feature} in the known repositories, ascending; empty if unknown */
    List<String> knownVersions(String feature);

    /**
     * @return the location and content of every bundle of {@code feature} at {@code version}, conditional
     *         ones included, in the order the feature names them
     * @throws IllegalArgumentException when the repositories have no such feature
     * @throws IOException              when a bundle cannot be read
     */
    default Map<String, byte[]> bundleContents(String feature, String version) throws IOException {
        throw new UnsupportedOperationException("This runtime does not read bundles");
    }

    /**
     * @return the names of the application's features: those of repositories other than Karaf's and
     *         Slipway's own, sorted
     */
    List<String> applicationFeatures();

    /** @return what application changes must leave alone */
    Platform platform();

    /** @return the installed version of {@code feature}, if any */
    Optional<String> installedVersion(String feature);

    /** @return every bundle installed in the framework now, with its wiring */
    List<BundleInfo> installedBundles();

    /**
     * @return the bundles that {@code feature} {@code version} lists itself (not those of the features it
     *         depends on), described from their manifests: id {@code -1}, state {@code ""}, no wiring
     * @throws IllegalArgumentException when a bundle of the feature cannot be read
     */
    List<BundleInfo> featureBundles(String feature, String version);

    /**
     * The features service's own dry run of installing {@code feature} {@code version} with upgrade
     * semantics (every other version of the feature replaced): whether the target state resolves and, if
     * it does, every bundle it would install, update, uninstall and refresh, through dependency features,
     * conditionals and prerequisites included. Changes nothing.
     *
     * @throws IllegalArgumentException when a bundle the deployment would install cannot be read
     */
    default Deployment simulate(String feature, String version) {
        return simulate(feature, version, List.of());
    }

    /**
     * As {@link #simulate(String, String)}, requesting with {@code feature} each feature of {@code along}
     * ({@code name/version}) at exactly that version, with upgrade semantics too: how going back asks for the
     * dependency features a change replaced, which the features service would otherwise choose anew (it takes
     * the latest version a dependency's range allows, not the one that ran).
     */
    Deployment simulate(String feature, String version, List<String> along);

    /**
     * Captures the current state of every configuration and file in {@code changes} (and of the file each
     * configuration is stored in), for the journal: what {@link #restore(Map)} puts back.
     *
     * @return opaque entries, each a string
     * @throws IllegalArgumentException when something cannot be captured (for example a file too large to
     *         journal); nothing was changed
     */
    Map<String, String> capture(List<ConfigurationChange> changes);

    /**
     * Puts back exactly what {@link #capture(List)} returned: every property of every configuration, every
     * file's bytes; what was absent is deleted.
     */
    void restore(Map<String, String> captured) throws Exception;

    /**
     * Writes the three-way merge of release configurations just before the features service's deployment: for each,
     * the keys to set and remove (every other key left as it is, with its type), or the configuration deleted.
     * A configuration that is not there is left absent.
     */
    void write(List<ConfigurationWrite> writes) throws Exception;

    /**
     * Installs {@code feature} {@code version} with upgrade semantics: any other installed version of the
     * feature is replaced, bundles within the update range are updated in place (same bundle id).
     *
     * @throws Exception when the framework fails to apply it; the system may be half-changed
     */
    default void install(String feature, String version) throws Exception {
        install(feature, version, List.of());
    }

    /**
     * As {@link #install(String, String)}, requesting each feature of {@code along} ({@code name/version}) at
     * exactly that version with it, in the same deployment (see {@link #simulate(String, String, List)}).
     */
    void install(String feature, String version, List<String> along) throws Exception;

    /** Uninstalls {@code feature} {@code version}. */
    void uninstall(String feature, String version) throws Exception;

    /**
     * Waits up to {@code timeout} for {@code feature} {@code version} to be healthy: every bundle of the
     * feature and every bundle named in {@code also} ({@code symbolicName/version}) ACTIVE (fragments
     * RESOLVED), none failed, every DS component of those bundles satisfied or active, every application
     * health check passing.
     *
     * @return what is still wrong when the timeout passes, each a sentence; empty when healthy
     */
    List<String> verify(String feature, String version, List<String> also, Duration timeout)
            throws InterruptedException;

    /**
     * Updates bundle {@code id} in place (it keeps its id and location) from {@code jar}, then refreshes the
     * bundles wired to it and starts it.
     *
     * @throws Exception when the framework fails to update it; it may be half-changed
     */
    void updateBundle(long id, Path jar) throws Exception;

    /**
     * Keeps the bytes of the revision of bundle {@code id} that runs now, durably, for going back to it after
     * an in-place update: its own location may hold another version (the one it was first installed from).
     *
     * @return the kept jar, which {@link #updateBundle(long, Path)} takes
     * @throws IOException when that revision cannot be read back; the message names where it looked
     */
    Path keepRevision(long id) throws IOException;

    /**
     * As {@link #verify(String, String, Duration)} for the given bundles (matched by symbolic name and
     * version) instead of a feature's.
     */
    List<String> verifyBundles(List<BundleInfo> bundles, Duration timeout) throws InterruptedException;

    /**
     * @return Karaf's configured bundleUpdateRange (macro form, e.g. {@code ${range;[==,=+)}}), which decides
     *         whether an updated bundle keeps its id; Karaf's default unless the runtime says otherwise
     */
    default String bundleUpdateRange() {
        return UpdateRange.KARAF_DEFAULT.expression();
    }

    /**
     * @return every key of every configuration the feature version declares, as its code receives it now
     *         ({@link ReleaseService#configuration(String)}); none unless the runtime says otherwise
     */
    default List<ConfigurationValue> configuration(String feature, String version) {
        return List.of();
    }

    /**
     * @param type {@code env}, {@code prop} or {@code secret}
     * @return whether Config Admin's interpolation plugin finds a value for {@code $[type:name]} (the process
     *         environment's variable, the framework's property, the secrets directory's file); every reference
     *         resolves unless the runtime says otherwise
     */
    default boolean interpolates(String type, String name) {
        return true;
    }

    /**
     * @return what keeps a change from ending, each a sentence: bundles stuck STARTING or STOPPING and the
     *         stacks of the threads blocked in their activators or DS activate methods; empty when nothing is
     */
    default List<String> stuck() {
        return List.of();
    }

    /** Interrupts the threads {@link #stuck()} reports, so that blocked application code can give up. */
    default void interruptStuck() {
    }

    /**
     * Called when crash recovery has put the previous release back (before verifying it), and once at start
     * when there was nothing to recover: application bundles, held until then, may start.
     */
    default void applicationsMayStart() {
    }

    /**
     * Holds every new call into the application (HTTP requests, in-VM calls through the gate) until the
     * returned hold is closed, after waiting up to {@code quiet} for the calls already running to end.
     */
    default CallHold holdCalls(Duration quiet) throws InterruptedException {
        return () -> {
        };
    }

    /**
     * Takes the in-memory state of every application component that offers it, with calls held, before a
     * change stops anything.
     *
     * @return per state key, the snapshot as journal text; what {@link #restoreState(Map, Duration)} hands back
     * @throws IllegalStateException naming the component when one fails, gives something other than plain
     *         data, or takes longer than {@code timeout}; nothing was changed
     */
    default Map<String, String> snapshotState(Duration timeout) {
        return Map.of();
    }

    /**
     * Hands each snapshot to the component now registered under its key, unless that component is the very
     * one that gave it (it kept running through the change).
     *
     * @return what went wrong, each a sentence naming the component; empty when every state was taken over
     */
    default List<String> restoreState(Map<String, String> snapshots, Duration timeout) throws InterruptedException {
        return List.of();
    }

    /**
     * A change's step, as it starts (or its outcome, at the end): for the operator and for monitoring. Must
     * not throw, nor take long: the change waits for it.
     */
    default void progress(ChangeStep step) {
    }

    /**
     * Called by the executor at each named step ({@code APPLYING}, {@code APPLIED}, {@code VERIFYING},
     * {@code VERIFIED}, {@code ROLLING_BACK}; {@code RECOVERING} when crash recovery starts going back) after
     * the journal records it; and at {@code CONFIGURED}, inside APPLYING, between the three-way merge's write and
     * the features service's deployment (not a journaled step). The Karaf adapter halts the JVM
     * here when the test-only system property {@code slipway.test.haltAt} names the step.
     */
    void checkpoint(String step);
}
