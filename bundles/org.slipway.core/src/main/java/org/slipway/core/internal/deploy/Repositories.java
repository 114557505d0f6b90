package org.slipway.core.internal.deploy;

import java.nio.file.Path;

/**
 * The part of the seam a release archive needs: the distribution's own Maven repository ({@code system/})
 * and the features service's list of repositories. Implemented by the Karaf adapter next to
 * {@link ReleaseRuntime}.
 */
public interface Repositories {

    /** @return the distribution's repository folder, Karaf's {@code system/} */
    Path system();

    /** @return whether {@code system/} holds the artifact of {@code mvnUrl} */
    boolean systemHas(String mvnUrl);

    /** @return whether the features service knows the repository at {@code url} */
    boolean isKnown(String url);

    /** Adds a features repository, installing nothing. */
    void add(String url) throws Exception;

    /** Removes a features repository, uninstalling nothing. */
    void remove(String url) throws Exception;
}
