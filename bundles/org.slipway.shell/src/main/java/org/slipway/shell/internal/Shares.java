package org.slipway.shell.internal;

import java.util.Optional;
import java.util.concurrent.Semaphore;

import org.slipway.shell.internal.Tokens.Role;

/**
 * The endpoint's worker threads, shared out by role: viewers cannot take the admin's share, so an operator
 * with the admin token is answered however many viewers read at once. Thread-safe.
 */
final class Shares {

    /** A place taken in a role's share; {@link #close()} gives it back (once). */
    interface Place extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore admin;
    private final Semaphore viewer;

    Shares(int admin, int viewer) {
        if (admin < 1 || viewer < 1) {
            throw new IllegalArgumentException("Each role needs a share of at least 1, were admin " + admin
                    + ", viewer " + viewer);
        }
        this.admin = new Semaphore(admin);
        this.viewer = new Semaphore(viewer);
    }

    /** @return a place in {@code role}'s share, or empty when all of them are taken (answer 503) */
    Optional<Place> take(Role role) {
        Semaphore share = role == Role.ADMIN ? admin : viewer;
        if (!share.tryAcquire()) {
            return Optional.empty();
        }
        java.util.concurrent.atomic.AtomicBoolean given = new java.util.concurrent.atomic.AtomicBoolean();
        return Optional.of(() -> {
            if (given.compareAndSet(false, true)) {
                share.release();
            }
        });
    }

    /** @return how many places of {@code role}'s share are free now */
    int free(Role role) {
        return (role == Role.ADMIN ? admin : viewer).availablePermits();
    }
}
