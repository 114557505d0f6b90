package org.slipway.api;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component's in-memory state, carried across a change of its bundle: Slipway's {@code code_change}.
 * <p>
 * Register an implementation as an OSGi service (with Declarative Services, add {@code LiveState.class} to the
 * component's services). When an upgrade, a rollback, an archive deploy or a bundle-jar upgrade is about to
 * stop or refresh the registering bundle, Slipway first holds new calls into the application and lets the
 * calls in flight end ({@link CallGate}), then calls {@link #snapshot()} and journals the result (fsynced).
 * Once the new revision is active, Slipway hands the snapshot to the service registered under the same
 * {@link #KEY} by calling {@link #restore(StateSnapshot)}, with the version that took it, and only then
 * releases the held calls. When the change is rolled back (verification failed, {@code feature:rollback},
 * crash recovery), the revision that ran before gets its own snapshot back the same way.
 * <p>
 * A snapshot is plain data, independent of any class loader: {@code null}, {@link String}, {@link Boolean},
 * {@link Number}, {@link java.util.List} and {@link Map} with {@code String} keys, nested freely. It is
 * written as JSON; after the round trip integral numbers are {@link Long}, others {@link Double}, lists
 * {@link java.util.List} and objects {@link Map}. Never Java serialization: the old revision's classes are
 * gone when the new one restores.
 * <p>
 * A {@code snapshot()} that throws or takes longer than the change's timeout refuses the change before
 * anything changed. A {@code restore} that throws fails the change's verification: the change is rolled back
 * and the previous revision restores its own snapshot.
 */
@ConsumerType
public interface LiveState {

    /**
     * Service property naming the state, the same in the old and the new release, for example
     * {@code "greeter.counts"}. When absent, the DS {@code component.name} is the key, and without that the
     * registering bundle's symbolic name.
     */
    String KEY = "slipway.state";

    /**
     * Called with new calls held and calls in flight ended, before the bundle stops.
     *
     * @return the state as plain data (see above); never {@code null}
     * @throws Exception when the state cannot be taken: the change is refused, nothing is changed
     */
    Map<String, Object> snapshot() throws Exception;

    /**
     * Called once after the revision that registers this service is active, before calls are released: the
     * state to continue from. {@link StateSnapshot#version()} says which version of the bundle took it, so
     * that new code can migrate an older shape.
     *
     * @throws Exception when the state cannot be taken over: the change fails verification and is rolled
     *         back
     */
    void restore(StateSnapshot snapshot) throws Exception;
}
