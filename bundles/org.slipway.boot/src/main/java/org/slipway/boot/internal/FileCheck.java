package org.slipway.boot.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * What the guard found in one of Karaf's files at a start, and what it did.
 *
 * @param at when
 * @param file the file's name ({@code state.json}, ...)
 * @param result what was done
 * @param detail what was wrong and with what it was replaced; empty for {@link Result#OK}
 */
record FileCheck(Instant at, KarafFile file, Result result, String detail) {

    enum Result {
        /** complete, or not written yet: Karaf reads it as it is */
        OK,
        /** torn, and replaced by its last complete copy (or, for the digraph, removed: Karaf rebuilds it) */
        REPAIRED,
        /** torn, and no complete copy exists: moved aside, Karaf starts from an empty features state */
        RESET
    }

    FileCheck {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return the line the repairs log and {@code bin/slipway status} show */
    @Override
    public String toString() {
        return at + " " + result + " " + file + (detail.isEmpty() ? "" : ": " + detail);
    }
}
