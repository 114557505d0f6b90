package org.slipway.core.internal.archive;

/**
 * Whether a release archive must be sealed: carry the checksum manifest {@code META-INF/slipway-checksums.sha256}
 * that Slipway's archive writer and {@code bin/slipway seal} add. A plain KAR (karaf-maven-plugin's {@code kar}
 * goal writes one) has none: its only integrity check is every entry's zip CRC-32, which the inspector verifies
 * on every archive.
 * <p>
 * When signatures are required, an unsealed archive is refused whatever this says: the signed path has always
 * demanded the checksum manifest (a signer signs it with the rest).
 */
public enum Sealing {

    /** An unsealed archive passes every other check and is deployed with a warning naming it. */
    OPTIONAL,

    /** An unsealed archive is rejected ({@code requireSealed = true}), with a hint on how to seal it. */
    REQUIRED;

    /** @return the policy of the {@code requireSealed} setting */
    public static Sealing of(boolean requireSealed) {
        return requireSealed ? REQUIRED : OPTIONAL;
    }

    /**
     * @param displayName the archive as the operator named it
     * @return how to seal {@code displayName}, a clause for messages
     */
    static String hint(String displayName) {
        return "seal it with the slipway-maven-plugin's archive goal, or: bin/slipway seal " + displayName;
    }
}
