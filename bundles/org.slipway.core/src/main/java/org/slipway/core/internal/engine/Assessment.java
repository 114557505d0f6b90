package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

import org.slipway.api.ImportViolation;
import org.slipway.api.Plan;
import org.slipway.api.Problem;

/**
 * A plan together with the semantic-version violations that refuse it.
 *
 * @param plan       what the change will do
 * @param violations   the imports the change breaks; empty when it is compatible
 * @param expectations what verification must find running after the change, and after its rollback
 * @param writes       what the change writes to configurations just before the features service's deployment
 */
public record Assessment(Plan plan, List<ImportViolation> violations, Expectations expectations,
        List<ConfigurationWrite> writes) {

    /** The prefix of every warning that reports an overridden violation. */
    public static final String FORCED = "FORCED: ";

    public Assessment {
        requireNonNull(plan, "plan");
        requireNonNull(expectations, "expectations");
        violations = List.copyOf(violations);
        writes = List.copyOf(writes);
    }

    /** An assessment that writes no configuration itself. */
    public Assessment(Plan plan, List<ImportViolation> violations, Expectations expectations) {
        this(plan, violations, expectations, List.of());
    }

    /** @return the violations as refusing problems, followed by the plan's warnings */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        violations.forEach(v -> problems.add(Problem.of(v)));
        problems.addAll(plan.warnings());
        return problems;
    }

    /** @return the plan with every violation turned into a warning starting {@value #FORCED}, marked forced */
    public Plan forced() {
        List<Problem> warnings = new ArrayList<>();
        violations.forEach(v -> warnings.add(new Problem(Problem.Severity.WARNING, FORCED + v.describe(), v)));
        warnings.addAll(plan.warnings());
        return new Plan(plan.feature(), plan.from(), plan.to(), plan.bundles(), plan.packages(), plan.components(),
                warnings, !violations.isEmpty(), plan.features(), plan.configurations());
    }

    /** @return this assessment with {@code more} added to its plan's warnings */
    Assessment withWarnings(List<Problem> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Problem> warnings = new ArrayList<>(plan.warnings());
        warnings.addAll(more);
        return new Assessment(new Plan(plan.feature(), plan.from(), plan.to(), plan.bundles(), plan.packages(),
                plan.components(), warnings, plan.forced(), plan.features(), plan.configurations()), violations,
                expectations, writes);
    }

    /** @return this assessment with the merged configurations and what to write for them */
    Assessment withConfigurations(ConfigurationMerge.Result merged) {
        return new Assessment(new Plan(plan.feature(), plan.from(), plan.to(), plan.bundles(), plan.packages(),
                plan.components(), plan.warnings(), plan.forced(), plan.features(), merged.changes()), violations,
                expectations, merged.writes());
    }
}
