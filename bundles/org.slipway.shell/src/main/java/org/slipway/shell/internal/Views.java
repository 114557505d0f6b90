package org.slipway.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.BundleChange;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.ConfigurationValue;
import org.slipway.api.DeployResult;
import org.slipway.api.FeatureChange;
import org.slipway.api.HistoryEntry;
import org.slipway.api.ImportViolation;
import org.slipway.api.PackageChange;
import org.slipway.api.Plan;
import org.slipway.api.Problem;
import org.slipway.api.Release;
import org.slipway.api.UpgradeInProgressException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeResult;

/**
 * The API's values as JSON-ready maps, for --json.
 */
final class Views {

    private Views() {
    }

    static Map<String, Object> result(UpgradeResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", result.outcome().name());
        view.put("feature", result.feature());
        view.put("from", result.plan().from());
        view.put("to", result.plan().to());
        view.put("running", result.running());
        view.put("cause", result.cause());
        view.put("elapsedMillis", result.elapsed().toMillis());
        view.put("summary", result.summary());
        view.put("plan", plan(result.plan()));
        return view;
    }

    static Map<String, Object> deployed(DeployResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", result.outcome().name());
        view.put("archive", result.archive());
        view.put("sha256", result.sha256());
        view.put("repository", result.repository());
        view.put("summary", result.summary());
        view.put("results", result.results().stream().map(Views::result).collect(Collectors.toList()));
        return view;
    }

    static Map<String, Object> rejected(ArchiveRejectedException rejected) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", "REJECTED");
        view.put("archive", rejected.getArchive());
        view.put("reason", rejected.getReason().name());
        view.put("message", rejected.getMessage());
        return view;
    }

    static Map<String, Object> refused(UpgradeRefusedException refused) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", "REFUSED");
        view.put("feature", refused.getFeature());
        view.put("to", refused.getVersion());
        view.put("message", refused.getMessage());
        view.put("problems", refused.getProblems().stream().map(Views::problem).collect(Collectors.toList()));
        return view;
    }

    static Map<String, Object> busy(UpgradeInProgressException busy) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", "IN_PROGRESS");
        view.put("running", busy.getRunning());
        view.put("since", busy.getSince() == null ? null : busy.getSince().toString());
        view.put("message", busy.getMessage());
        return view;
    }

    static Map<String, Object> plan(Plan plan) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("features", plan.features().stream().map(Views::feature).collect(Collectors.toList()));
        view.put("configurations", plan.configurations().stream().map(Views::configuration).collect(Collectors.toList()));
        view.put("bundles", plan.bundles().stream().map(Views::bundle).collect(Collectors.toList()));
        view.put("packages", plan.packages().stream().map(Views::pkg).collect(Collectors.toList()));
        view.put("components", plan.components());
        view.put("warnings", plan.warnings().stream().map(Views::problem).collect(Collectors.toList()));
        view.put("forced", plan.forced());
        return view;
    }

    static Map<String, Object> release(Release release) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("feature", release.feature());
        view.put("installed", release.installed());
        view.put("versions", release.versions());
        view.put("environment", Tables.environment());
        return view;
    }

    static List<Map<String, Object>> history(List<HistoryEntry> entries) {
        return entries.stream().map(e -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", e.id());
            view.put("time", e.time().toString());
            view.put("action", e.action().name());
            view.put("feature", e.feature());
            view.put("from", e.from());
            view.put("to", e.to());
            view.put("outcome", e.outcome().name());
            view.put("cause", e.cause());
            view.put("environment", e.environment());
            return view;
        }).collect(Collectors.toList());
    }

    static Map<String, Object> configuration(ConfigurationValue value) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("configuration", value.configuration());
        view.put("key", value.key());
        view.put("value", value.value());
        view.put("source", value.source().name());
        view.put("releaseDefault", value.releaseDefault());
        view.put("differs", value.differs());
        return view;
    }

    private static Map<String, Object> configuration(ConfigurationChange change) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", change.kind().name());
        view.put("target", change.target());
        view.put("action", change.action().name());
        view.put("properties", new java.util.TreeMap<>(change.properties()));
        view.put("feature", change.feature());
        view.put("keys", change.keys().stream().map(key -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("name", key.name());
            shown.put("from", key.from());
            shown.put("to", key.to());
            shown.put("source", key.source().name());
            return shown;
        }).collect(Collectors.toList()));
        return view;
    }

    private static Map<String, Object> feature(FeatureChange change) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("action", change.action().name());
        view.put("feature", change.name());
        view.put("version", change.version());
        return view;
    }

    private static Map<String, Object> bundle(BundleChange change) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("action", change.action().name());
        view.put("symbolicName", change.symbolicName());
        view.put("from", change.from());
        view.put("to", change.to());
        view.put("reason", change.reason());
        view.put("feature", change.feature());
        return view;
    }

    private static Map<String, Object> pkg(PackageChange change) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("package", change.packageName());
        view.put("exporter", change.exporter());
        view.put("from", change.from());
        view.put("to", change.to());
        view.put("delta", change.delta().name());
        return view;
    }

    private static Map<String, Object> problem(Problem problem) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("severity", problem.severity().name());
        view.put("message", problem.message());
        ImportViolation violation = problem.violation();
        if (violation != null) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("importer", violation.importer());
            v.put("importerVersion", violation.importerVersion());
            v.put("importerId", violation.importerId());
            v.put("package", violation.packageName());
            v.put("range", violation.range());
            v.put("offered", violation.offered());
            view.put("violation", v);
        }
        return view;
    }
}
