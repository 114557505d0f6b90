/**
 * Pax Exam configuration, in the test JVM: {@link org.slipway.testkit.exam.SlipwayKarafOptions} boots the
 * Slipway distribution in Pax Exam's Karaf container with the test kit provisioned. Needs
 * {@code pax-exam-container-karaf} on the test class path; nothing here runs inside the container.
 */
@Export
@Version("1.0.0")
package org.slipway.testkit.exam;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
