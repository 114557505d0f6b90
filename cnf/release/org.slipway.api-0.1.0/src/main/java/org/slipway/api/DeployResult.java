package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A deployed release archive: one upgrade result per feature of the archive, in the archive's order.
 *
 * @param archive the archive's file name or URL, as given
 * @param sha256  the SHA-256 of the archive's bytes, lowercase hex
 * @param results what happened to each feature of the archive; not empty
 * @param repository the features repository the deploy adds (or, simulated or undone, would add), or
 *                   {@code null} when the distribution knew it already (since 1.2)
 */
public record DeployResult(String archive, String sha256, List<UpgradeResult> results, String repository) {

    public DeployResult {
        requireNonNull(archive, "archive");
        requireNonNull(sha256, "sha256");
        results = List.copyOf(results);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a deploy has at least one result");
        }
    }

    /** A deploy that adds no repository. */
    public DeployResult(String archive, String sha256, List<UpgradeResult> results) {
        this(archive, sha256, results, null);
    }

    /** @return true when every feature of the archive was already running at the archive's version */
    public boolean isNoChange() {
        return results.stream().allMatch(r -> r.outcome() == UpgradeResult.Outcome.NO_CHANGES);
    }

    /**
     * @return the deploy as a whole: {@link UpgradeResult.Outcome#NO_CHANGES} when every feature already ran
     *         at the archive's version, else the outcome of the last feature that changed (or would have,
     *         when simulated)
     */
    public UpgradeResult.Outcome outcome() {
        UpgradeResult.Outcome outcome = UpgradeResult.Outcome.NO_CHANGES;
        for (UpgradeResult result : results) {
            if (result.outcome() != UpgradeResult.Outcome.NO_CHANGES) {
                outcome = result.outcome();
            }
        }
        return outcome;
    }

    /** The summary an operator reads: "No changes." or one line per feature. */
    public String summary() {
        if (isNoChange()) {
            return "No changes.";
        }
        return results.stream().map(UpgradeResult::summary).collect(Collectors.joining("\n"));
    }
}
