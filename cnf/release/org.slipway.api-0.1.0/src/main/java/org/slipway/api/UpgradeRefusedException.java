package org.slipway.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pre-check refused an upgrade or rollback. Nothing was changed.
 */
public class UpgradeRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String feature;
    private final String version;
    private final transient List<Problem> problems;

    public UpgradeRefusedException(String feature, String version, List<Problem> problems) {
        super(message(feature, version, problems));
        this.feature = feature;
        this.version = version;
        this.problems = List.copyOf(problems);
    }

    private static String message(String feature, String version, List<Problem> problems) {
        return "Refused " + feature + " " + version + ": " + problems.stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .map(Problem::message)
                .collect(Collectors.joining("; "))
                + ". Nothing was changed.";
    }

    public String getFeature() {
        return feature;
    }

    public String getVersion() {
        return version;
    }

    /** @return every problem found, errors and warnings; not empty */
    public List<Problem> getProblems() {
        return problems;
    }

    /** @return the semantic-version violations among the problems; empty when none */
    public List<ImportViolation> getViolations() {
        return problems.stream().map(Problem::violation).filter(v -> v != null).collect(Collectors.toList());
    }
}
