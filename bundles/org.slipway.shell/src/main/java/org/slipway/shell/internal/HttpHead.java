package org.slipway.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request's line and headers, as read from the connection.
 *
 * @param method   {@code GET}, {@code POST}, ...
 * @param path     the decoded path, {@code /releases}
 * @param rawQuery the query as sent, or {@code null}
 * @param headers  the headers by lower-case name (the first of a repeated one)
 */
record HttpHead(String method, String path, String rawQuery, Map<String, String> headers) {

    HttpHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
    }

    /** @return the header {@code name} (any case), or {@code null} */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Reads a head from {@code in}, up to and with the empty line that ends it.
     *
     * @throws HttpFailure 400 for a malformed line or header, 431 when longer than {@code maxBytes}
     * @throws IOException when the connection ends first (or its deadline passes)
     */
    static HttpHead read(InputStream in, int maxBytes) throws IOException, HttpFailure {
        String line = line(in, maxBytes, 0);
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            throw new HttpFailure(400, "Not an HTTP/1.x request line: \"" + clip(line) + "\"");
        }
        URI target;
        try {
            target = new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw new HttpFailure(400, "Not a request target: \"" + clip(parts[1]) + "\"");
        }
        if (target.getPath() == null || !target.getPath().startsWith("/")) {
            throw new HttpFailure(400, "The request target must be a path: \"" + clip(parts[1]) + "\"");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int used = line.length();
        for (String header = line(in, maxBytes, used); !header.isEmpty(); header = line(in, maxBytes, used)) {
            used += header.length() + 2;
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new HttpFailure(400, "Not a header: \"" + clip(header) + "\"");
            }
            headers.putIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).trim());
        }
        return new HttpHead(parts[0], target.getPath(), target.getRawQuery(), headers);
    }

    /** One line without its CR LF (or LF); {@code used} bytes of the head came before it. */
    private static String line(InputStream in, int maxBytes, int used) throws IOException, HttpFailure {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("The connection ended within the request head");
            }
            if (used + bytes.size() >= maxBytes) {
                throw new HttpFailure(431, "The request head is longer than " + maxBytes + " bytes");
            }
            bytes.write(b);
        }
        String line = bytes.toString(StandardCharsets.ISO_8859_1);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
