package org.slipway.core.internal.engine;

import org.slipway.api.ReleaseChangelog;

/** Reads what changed between two releases of a feature, from the bundles the runtime resolves for each. */
@FunctionalInterface
public interface ChangelogReader {

    /** For engines built without release tooling: every call fails, naming the missing part. */
    ChangelogReader NONE = (runtime, feature, from, to) -> {
        throw new UnsupportedOperationException("This release engine has no changelog reader: cannot compare "
                + feature + " " + from + " and " + to);
    };

    /**
     * @throws IllegalArgumentException when a release is not known
     */
    ReleaseChangelog read(ReleaseRuntime runtime, String feature, String from, String to);
}
