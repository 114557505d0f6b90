package org.slipway.core.internal.karaf;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of release archive deploys, PID {@code org.slipway.deploy} (etc/org.slipway.deploy.cfg). */
@ObjectClassDefinition(name = "Slipway deploy", description = "Release archives: limits, signatures, deploy folder")
@interface DeployConfig {

    @AttributeDefinition(description = "Largest archive accepted, in bytes")
    long maxArchiveSize() default 100L * 1024 * 1024;

    @AttributeDefinition(description = "Most entries an archive may have")
    int maxEntries() default 10_000;

    @AttributeDefinition(description = "Most bytes an archive may expand to")
    long maxExpandedSize() default 512L * 1024 * 1024;

    @AttributeDefinition(description = "Refuse archives not signed by a trusted certificate")
    boolean requireSignatures() default false;

    @AttributeDefinition(description = "Refuse archives without a checksum manifest (plain KARs); when false they "
            + "are deployed with a warning, their integrity resting on zip CRCs. Required signatures require it too")
    boolean requireSealed() default false;

    @AttributeDefinition(description = "Folder of trusted X.509 certificates (*.pem, *.crt), relative to etc/")
    String trustedCertificates() default "slipway-trusted";

    @AttributeDefinition(description = "Folder watched for archives, relative to the Karaf base; empty: none")
    String deployFolder() default "deploy";

    @AttributeDefinition(description = "Milliseconds between two scans of the deploy folder")
    long pollMillis() default 1000;

    @AttributeDefinition(description = "Seconds verification of a deployed release may take")
    int verifyTimeout() default 30;

    @AttributeDefinition(description = "Platform features a release archive may depend on, comma-separated "
            + "(besides its own features and those of application repositories)")
    String offeredFeatures() default "scr, http, http-whiteboard, war, aries-blueprint, eventadmin, jndi, jdbc, "
            + "transaction";
}
