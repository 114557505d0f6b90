package org.slipway.core.internal.archive;

/**
 * Upper bounds for an archive, checked before and while reading it so that a hostile archive cannot exhaust
 * disk or memory.
 *
 * @param maxBytes         largest archive file accepted, in bytes ({@code maxArchiveSize})
 * @param maxEntries       most entries accepted, directories included ({@code maxArchiveEntries})
 * @param maxExpandedBytes most bytes all entries may expand to, counted while reading, not taken from headers
 *                         ({@code maxExpandedSize})
 */
public record ArchiveLimits(long maxBytes, int maxEntries, long maxExpandedBytes) {

    /** 100 MiB, 10 000 entries, 512 MiB expanded. */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(100L << 20, 10_000, 512L << 20);

    public ArchiveLimits {
        if (maxBytes <= 0 || maxEntries <= 0 || maxExpandedBytes <= 0) {
            throw new IllegalArgumentException("Archive limits must be positive: maxBytes=" + maxBytes
                    + ", maxEntries=" + maxEntries + ", maxExpandedBytes=" + maxExpandedBytes);
        }
    }
}
