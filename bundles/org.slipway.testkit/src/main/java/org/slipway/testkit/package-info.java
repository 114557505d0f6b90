/**
 * Upgrade assertions for integration tests that run inside the Slipway distribution (a Pax Exam probe):
 * {@code Upgrades.in(context).upgrade("greeter", "1.1.0").withLoad(uri).expectLive()},
 * {@code .expectRefused("org.acme.api")}, {@code .expectRolledBack()}. Each runs one change through
 * {@link org.slipway.api.ReleaseService}, checks its outcome and what the system looks like after it, and
 * returns an immutable {@link org.slipway.testkit.UpgradeReport}; a failed expectation throws
 * {@link java.lang.AssertionError} showing the plan, the outcome and the problems. No JUnit is needed.
 */
@Export
@Version("1.0.0")
package org.slipway.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
