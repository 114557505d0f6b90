package org.slipway.core.internal.archive;

import java.util.Optional;

/**
 * The confinement rules of release content, for callers outside the archive inspector: the engine applies
 * them to what a live {@code feature:upgrade} would write (its features come from a repository, not an
 * archive, and were never inspected). Stateless.
 */
public final class ConfinementRules {

    private ConfinementRules() {
    }

    /**
     * @return why an application release may not write configuration {@code name}, a phrase to follow "would
     *         write configuration NAME"; empty when it may
     */
    public static Optional<String> configuration(String name) {
        if (PlatformConfiguration.isPlatformPid(name)) {
            return Optional.of("a configuration of the platform; a release may configure only its own PIDs");
        }
        return ConfigFileTarget.platformFile("etc/" + name + ".cfg").map(what -> "stored as etc/" + name
                + ".cfg, a file of the platform (" + what + ")");
    }

    /**
     * @param path the file's path relative to the instance ({@code etc/...}), or absolute when outside it
     * @return why an application release may not write it, a phrase starting "would write"; empty when it may
     */
    public static Optional<String> file(String path) {
        return ConfigFileTarget.resolve(path).problem().map(problem -> problem
                + "; a release may write only its own files under etc/");
    }
}
