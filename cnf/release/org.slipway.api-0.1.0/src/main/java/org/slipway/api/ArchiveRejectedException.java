package org.slipway.api;

import static java.util.Objects.requireNonNull;

/**
 * A release archive or bundle jar was rejected before any byte of it reached the framework or
 * {@code system/}. Nothing was installed and the running release is untouched.
 */
public class ArchiveRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an archive was rejected. */
    public enum Reason {
        /** Larger than the configured size limit, or expands beyond it. */
        TOO_LARGE,
        /** Not a zip archive at all. */
        NOT_A_ZIP,
        /** A zip archive, but truncated or damaged. */
        CORRUPT,
        /** An entry that would land outside its folder: {@code ..}, absolute path, symbolic link, duplicate. */
        UNSAFE_ENTRY,
        /** No checksum manifest, or an entry missing from it. */
        MISSING_CHECKSUMS,
        /** An entry whose SHA-256 differs from the checksum manifest. */
        CHECKSUM_MISMATCH,
        /** Signatures are required and the archive is not signed, or not by a trusted key. */
        UNTRUSTED_SIGNATURE,
        /** A signature that does not verify: the archive was changed after signing. */
        INVALID_SIGNATURE,
        /** The features XML is missing, ambiguous or invalid against Karaf's schema. */
        INVALID_FEATURES,
        /** A feature names a bundle found neither in the archive nor in the distribution's repositories. */
        MISSING_BUNDLE,
        /** A jar that is not an OSGi bundle, or a bundle that is not a newer version of an installed one. */
        NOT_AN_UPGRADE,
        /** The archive would overwrite a different file of the same name in {@code system/}. */
        CONFLICT,
        /**
         * The features XML carries an element that would reach beyond the application's confinement: a
         * configuration or file of the platform, a file outside {@code etc/} or from outside the archive, a
         * library, a repository or feature dependency the distribution does not offer, a feature named like one
         * of the platform's, or a start level before the application start level. The message names the
         * feature, quotes the element as written, and gives the resolved target where there is one.
         *
         * @since 1.2
         */
        FORBIDDEN_ELEMENT
    }

    private final String archive;
    private final Reason reason;

    /**
     * @param archive the archive's file name or URL, as the operator gave it
     * @param reason  why it was rejected
     * @param detail  the offending input and what is wrong with it, one sentence without final period
     */
    public ArchiveRejectedException(String archive, Reason reason, String detail) {
        super("Rejected " + requireNonNull(archive, "archive") + ": " + requireNonNull(detail, "detail")
                + ". Nothing was installed.");
        this.archive = archive;
        this.reason = requireNonNull(reason, "reason");
    }

    /** @return the archive's file name or URL, as the operator gave it */
    public String getArchive() {
        return archive;
    }

    /** @return why the archive was rejected */
    public Reason getReason() {
        return reason;
    }
}
