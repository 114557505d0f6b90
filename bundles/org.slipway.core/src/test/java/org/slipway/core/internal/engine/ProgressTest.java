package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.slipway.api.ChangeStep;
import org.slipway.api.UpgradeRequest;

/** Every change tells its steps as they start, and ends with its outcome and how long each step took. */
public class ProgressTest extends EngineTestSupport {

    @Test
    public void aCommittedUpgradeTellsEveryStepThenItsOutcome() throws Exception {
        upgrade("1.1.0");

        assertEquals(List.of("CHECKING", "RESOLVING", "CHECKING", "HOLDING", "SNAPSHOT", "APPLYING", "VERIFYING",
                "RESTORING", "COMMITTING", "COMMITTED"), steps());
        ChangeStep last = runtime.steps.get(runtime.steps.size() - 1);
        assertTrue(last.last());
        assertEquals("greeter 1.0.0 -> 1.1.0", last.transition());
        assertEquals(List.of("CHECKING", "RESOLVING", "HOLDING", "SNAPSHOT", "APPLYING", "VERIFYING", "RESTORING",
                "COMMITTING"), List.copyOf(last.phases().keySet()));
    }

    @Test
    public void aRefusalEndsAfterChecking() throws Exception {
        refused(UpgradeRequest.of("greeter", "9.9.9"));

        assertEquals(List.of("CHECKING", "REFUSED"), steps());
    }

    @Test
    public void aFailedVerificationTellsTheRollback() throws Exception {
        runtime.verifyProblems.put("greeter/1.2.0", List.of("component is not active"));

        failed(UpgradeRequest.of("greeter", "1.2.0"));

        assertEquals(List.of("CHECKING", "RESOLVING", "CHECKING", "HOLDING", "SNAPSHOT", "APPLYING", "VERIFYING",
                "ROLLING_BACK", "ROLLED_BACK"), steps());
    }

    private List<String> steps() {
        return runtime.steps.stream().map(ChangeStep::step).toList();
    }
}
