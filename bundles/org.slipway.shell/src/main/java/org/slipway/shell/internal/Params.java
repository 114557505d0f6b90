package org.slipway.shell.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slipway.api.UpgradeRequest;

/**
 * A management request's parameters: the query string, then the fields of a flat JSON object body
 * ({@code {"feature": "greeter", "version": "1.1.0", "simulate": true, "timeout": 30}}), which win.
 */
final class Params {

    /** A parameter that is missing or malformed: answered 400 with this message. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    static Params of(String query, String body) throws BadRequest {
        Map<String, String> values = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                values.put(key, eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (body != null && !body.isBlank()) {
            try {
                values.putAll(FlatJson.read(body));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("The body is not a flat JSON object: " + e.getMessage());
            }
        }
        return new Params(values);
    }

    String required(String name) throws BadRequest {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new BadRequest("Missing parameter \"" + name + "\"");
        }
        return value;
    }

    String optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    boolean flag(String name) throws BadRequest {
        String value = values.getOrDefault(name, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new BadRequest("Parameter \"" + name + "\" must be true or false, was \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }

    Duration timeout() throws BadRequest {
        String value = values.get("timeout");
        if (value == null) {
            return UpgradeRequest.DEFAULT_TIMEOUT;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadRequest("Parameter \"timeout\" must be a whole number of seconds, at least 1, was \"" + value
                + "\"");
    }
}
