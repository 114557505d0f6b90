/**
 * Slipway's release service: checked, verified, transactional live upgrades of Karaf feature releases,
 * with automatic rollback and a history.
 * <p>
 * Every type here is an immutable value or a {@code @ProviderType} interface implemented by Slipway only, except
 * {@link org.slipway.api.LiveState}, which applications implement to carry their state across a change.
 */
@Export
@Version("1.5.0")
package org.slipway.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
