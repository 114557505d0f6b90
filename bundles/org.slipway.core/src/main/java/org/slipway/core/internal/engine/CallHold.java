package org.slipway.core.internal.engine;

/** Calls into the application held while a change swaps its bundles; closing it lets them go on. */
@FunctionalInterface
public interface CallHold extends AutoCloseable {

    @Override
    void close();
}
