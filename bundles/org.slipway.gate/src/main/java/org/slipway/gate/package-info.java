/**
 * The gate that holds calls into the application while a change swaps its bundles, as the release engine
 * drives it. Applications do not use this package: they reach the gate through
 * {@link org.slipway.api.CallGate}, and HTTP requests pass it without any code.
 */
@Export
@Version("1.0.0")
package org.slipway.gate;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
