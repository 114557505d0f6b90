/**
 * The greeter example's API: greet someone and learn how often they were greeted.
 */
@Export
@Version("1.0.0")
package org.slipway.example.greeter.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
