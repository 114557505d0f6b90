package org.slipway.core.internal.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * The application's state could not be taken whole: some components failed, gave too much or did not return.
 * Carries the states that could be taken, so that going back to an older release (which must not depend on
 * the component that fails) can go on without the failing ones.
 */
public final class StateUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> taken;

    /** @param taken the snapshots that were taken, by key */
    public StateUnavailableException(String message, Map<String, String> taken) {
        super(message);
        this.taken = Map.copyOf(new TreeMap<>(taken));
    }

    /** @return the snapshots that were taken, by key; never null */
    public Map<String, String> taken() {
        return taken;
    }
}
