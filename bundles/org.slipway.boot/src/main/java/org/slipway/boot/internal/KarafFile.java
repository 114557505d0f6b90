package org.slipway.boot.internal;

import java.util.Map;

import javax.json.JsonArray;
import javax.json.JsonNumber;
import javax.json.JsonObject;
import javax.json.JsonValue;
import javax.json.JsonValue.ValueType;

/**
 * A file that Karaf 4.4.10's features core rewrites in place in its data folder (a truncate, then a write:
 * {@code StateStorage.save} and {@code DigraphHelper.saveDigraph}) and reads whole in its activator. A torn digraph
 * makes the activator fail ("Unexpected end of input at 1:1"): the {@code FeaturesService} never registers. A torn
 * state is worse for being quiet: {@code FeaturesServiceImpl.loadState} logs a WARN and goes on with an empty state,
 * which forgets every installed feature and added repository (a value of the wrong shape throws instead).
 * Each constant knows what its reader needs, read from Karaf's code: a value it would choke on is torn.
 */
enum KarafFile {

    /** {@code StateStorage.load}: every key is read without a null check. */
    STATE("state.json") {
        @Override
        String problem(JsonObject json) {
            String missing = missing(json, Map.of("bootDone", ValueType.TRUE, "repositories", ValueType.ARRAY,
                    "features", ValueType.OBJECT, "installed", ValueType.OBJECT, "state", ValueType.OBJECT,
                    "managed", ValueType.OBJECT, "checksums", ValueType.OBJECT));
            if (missing != null) {
                return missing;
            }
            for (Map.Entry<String, JsonValue> region : json.getJsonObject("managed").entrySet()) {
                if (!numbers(region.getValue())) {
                    return "\"managed\" of region " + region.getKey() + " is not a list of bundle ids";
                }
            }
            return null;
        }
    },

    /** {@code DigraphHelper.readDigraph}: regions with their bundle ids, and edges with their policies. */
    DIGRAPH("digraph.json") {
        @Override
        String problem(JsonObject json) {
            String missing = missing(json, Map.of("regions", ValueType.OBJECT, "edges", ValueType.ARRAY));
            if (missing != null) {
                return missing;
            }
            for (Map.Entry<String, JsonValue> region : json.getJsonObject("regions").entrySet()) {
                if (!numbers(region.getValue())) {
                    return "region " + region.getKey() + " is not a list of bundle ids";
                }
            }
            for (JsonValue edge : json.getJsonArray("edges")) {
                if (edge.getValueType() != ValueType.OBJECT || missing(edge.asJsonObject(), Map.of("tail",
                        ValueType.STRING, "head", ValueType.STRING, "policy", ValueType.OBJECT)) != null) {
                    return "an edge is not {tail, head, policy}: " + edge;
                }
            }
            return null;
        }
    };

    private final String fileName;

    KarafFile(String fileName) {
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }

    /** @return what Karaf's reader would fail on, or {@code null} when it reads {@code json} */
    abstract String problem(JsonObject json);

    /** @return the first key absent or of another type ({@code TRUE} standing for a boolean), or null */
    private static String missing(JsonObject json, Map<String, ValueType> keys) {
        for (Map.Entry<String, ValueType> key : keys.entrySet()) {
            JsonValue value = json.get(key.getKey());
            ValueType type = value == null ? null : value.getValueType();
            boolean ok = key.getValue() == ValueType.TRUE ? type == ValueType.TRUE || type == ValueType.FALSE
                    : type == key.getValue();
            if (!ok) {
                return "\"" + key.getKey() + "\" is " + (type == null ? "missing" : type.name().toLowerCase());
            }
        }
        return null;
    }

    private static boolean numbers(JsonValue value) {
        if (value.getValueType() != ValueType.ARRAY) {
            return false;
        }
        for (JsonValue id : (JsonArray) value) {
            if (!(id instanceof JsonNumber)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return fileName;
    }
}
