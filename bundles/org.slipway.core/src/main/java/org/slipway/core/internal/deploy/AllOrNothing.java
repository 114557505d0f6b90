package org.slipway.core.internal.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slipway.api.HistoryEntry.Action;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;
import org.slipway.core.internal.engine.ChangeEngine;

/**
 * An archive is all or nothing: when one of its features is refused or rolled back, the features of the
 * same archive that already committed go back to the releases they replaced (or are uninstalled when they
 * were new), latest first, and the failure says so. When going back fails, the failure becomes
 * ROLLBACK_FAILED, so that the deploy leaves its files for the operator.
 */
final class AllOrNothing {

    private AllOrNothing() {
    }

    /** Reverts {@code committed}, then throws {@code failure}, extended with what was reverted. */
    static void revert(ChangeEngine engine, List<UpgradeResult> committed, Exception failure, Duration timeout)
            throws UpgradeRefusedException, UpgradeFailedException {
        Exception extended = reverted(engine, committed, failure, timeout);
        if (extended instanceof UpgradeRefusedException refused) {
            throw refused;
        } else if (extended instanceof UpgradeFailedException failed) {
            throw failed;
        }
        throw (RuntimeException) extended;
    }

    private static Exception reverted(ChangeEngine engine, List<UpgradeResult> committed, Exception failure,
            Duration timeout) {
        List<String> reverted = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = committed.size() - 1; i >= 0; i--) {
            UpgradeResult result = committed.get(i);
            if (result.outcome() != Outcome.COMMITTED) {
                continue;
            }
            String feature = result.feature();
            String change = feature + " " + result.plan().to();
            try {
                if (result.plan().from() == null) {
                    engine.uninstall(feature, result.plan().to(), Action.DEPLOY);
                } else {
                    engine.upgrade(UpgradeRequest.of(feature, result.plan().from()).withAllowDowngrade(true)
                            .withForce(true).withTimeout(timeout), Action.ROLLBACK);
                }
                reverted.add(change);
            } catch (Exception e) {
                failed.add(change + " (" + e.getMessage() + ")");
            }
        }
        if (reverted.isEmpty() && failed.isEmpty()) {
            return failure;
        }
        String said = (reverted.isEmpty() ? "" : "the archive's " + String.join(", ", reverted)
                + ", committed before, went back (all or nothing)")
                + (failed.isEmpty() ? "" : (reverted.isEmpty() ? "" : "; ") + "going back from " + String.join(", ", failed)
                        + " failed");
        if (failure instanceof UpgradeRefusedException refused && failed.isEmpty()) {
            List<Problem> problems = new ArrayList<>(refused.getProblems());
            problems.add(Problem.warning(said));
            return new UpgradeRefusedException(refused.getFeature(), refused.getVersion(), problems);
        }
        UpgradeResult last = failure instanceof UpgradeFailedException e ? e.getResult() : null;
        Outcome outcome = !failed.isEmpty() ? Outcome.ROLLBACK_FAILED
                : last != null ? last.outcome() : Outcome.ROLLED_BACK;
        String cause = (last == null ? failure.getMessage() : last.cause()) + "; " + said;
        UpgradeResult first = committed.get(0);
        UpgradeResult result = last == null // an internal failure: what the archive committed went back, or not
                ? new UpgradeResult(outcome, first.plan(), failed.isEmpty() ? first.plan().from() : null, cause,
                        Duration.ZERO)
                : new UpgradeResult(outcome, last.plan(), last.running(), cause, last.elapsed());
        return new UpgradeFailedException(result);
    }
}
