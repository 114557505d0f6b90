package org.slipway.testkit;

import static java.util.Objects.requireNonNull;

import java.util.List;

import org.slipway.api.Problem;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * What a change did, once its expectation held.
 *
 * @param request  the request that ran
 * @param outcome  {@link Outcome#COMMITTED}, {@link Outcome#REFUSED} or {@link Outcome#ROLLED_BACK}
 * @param result   the release service's result; {@code null} for {@link Outcome#REFUSED}, where a refusal
 *                 carries its {@code problems} instead
 * @param problems why the change was refused, errors and warnings; empty unless refused
 * @param summary  the one-line summary an operator reads ({@link UpgradeResult#summary()}, or the refusal's
 *                 message)
 * @param load     what the background load saw; {@code null} when the change ran without one
 */
public record UpgradeReport(UpgradeRequest request, Outcome outcome, UpgradeResult result, List<Problem> problems,
        String summary, LoadReport load) {

    public UpgradeReport {
        requireNonNull(request, "request");
        requireNonNull(outcome, "outcome");
        problems = List.copyOf(problems);
        requireNonNull(summary, "summary");
    }

    @Override
    public String toString() {
        return summary + (load == null ? "" : " Load: " + load);
    }
}
