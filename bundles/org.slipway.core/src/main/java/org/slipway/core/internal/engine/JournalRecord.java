package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slipway.api.HistoryEntry;

/**
 * One line of a change's journal: the change, the step it reached and when.
 *
 * @param id      the change's journal id
 * @param time    when the step was recorded
 * @param action  what was asked for
 * @param feature the feature
 * @param from    the version running before, or {@code null} when none was
 * @param to      the version asked for
 * @param state   the step reached
 * @param cause   why the change is failing or failed, or {@code null}
 * @param payload free-form data for later use (such as state hand-over snapshots); empty when none
 */
public record JournalRecord(String id, Instant time, HistoryEntry.Action action, String feature, String from,
        String to, JournalState state, String cause, Map<String, String> payload) {

    private static final String PAYLOAD = "payload.";

    public JournalRecord {
        requireNonNull(id, "id");
        requireNonNull(time, "time");
        requireNonNull(action, "action");
        requireNonNull(feature, "feature");
        requireNonNull(to, "to");
        requireNonNull(state, "state");
        Map<String, String> copy = new LinkedHashMap<>();
        payload.forEach((k, v) -> copy.put(requireNonNull(k, "payload key"), requireNonNull(v, "payload value")));
        payload = Collections.unmodifiableMap(copy);
    }

    /** @return this change at {@code next} step, recorded at {@code at}, with {@code why} as cause */
    public JournalRecord next(JournalState next, Instant at, String why) {
        return new JournalRecord(id, at, action, feature, from, to, next, why, payload);
    }

    /** @return this record with {@code payload} instead of its own */
    public JournalRecord withPayload(Map<String, String> other) {
        return new JournalRecord(id, time, action, feature, from, to, state, cause, other);
    }

    /** @return the feature change this record is about */
    public Transition transition() {
        return new Transition(feature, from, to);
    }

    /** @return the fields as written to the journal; payload entries prefixed {@code payload.} */
    Map<String, String> toFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("time", time.toString());
        fields.put("action", action.name());
        fields.put("feature", feature);
        fields.put("from", from);
        fields.put("to", to);
        fields.put("state", state.name());
        fields.put("cause", cause);
        payload.forEach((k, v) -> fields.put(PAYLOAD + k, v));
        return fields;
    }

    /** @throws IllegalArgumentException when a field is missing or invalid */
    static JournalRecord fromFields(Map<String, String> fields) {
        Map<String, String> payload = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(PAYLOAD) && v != null) {
                payload.put(k.substring(PAYLOAD.length()), v);
            }
        });
        try {
            return new JournalRecord(fields.get("id"), Instant.parse(fields.get("time")),
                    HistoryEntry.Action.valueOf(fields.get("action")), fields.get("feature"), fields.get("from"),
                    fields.get("to"), JournalState.valueOf(fields.get("state")), fields.get("cause"), payload);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid journal record " + fields + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return id + " " + action + " " + transition() + " " + state + (cause == null ? "" : " (" + cause + ")");
    }
}
