package org.slipway.boot.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What Felix 7 keeps of one bundle in {@code data/cache/bundle<N>/bundle.info} (written in place by
 * {@code BundleArchive.writeBundleInfo}, read by {@code readBundleInfo}): six lines, id, location, persistent
 * state, start level, last modified, refresh count. A file Felix cannot read makes it delete the bundle's whole
 * cache folder at the next start; {@link #parse} accepts exactly what Felix reads.
 */
record BundleInfo(long id, String location, int persistentState, int startLevel, long lastModified,
        long refreshCount) {

    static final String FILE = "bundle.info";

    static Optional<BundleInfo> parse(byte[] bytes) {
        // Felix reads with the platform charset; locations are URLs, ASCII in practice.
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        if (lines.size() < 6 || lines.get(1).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BundleInfo(Long.parseLong(lines.get(0)), lines.get(1),
                    Integer.parseInt(lines.get(2)), Integer.parseInt(lines.get(3)), Long.parseLong(lines.get(4)),
                    Long.parseLong(lines.get(5))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @return the file's content, in Felix's format, with the refresh count given */
    byte[] bytes(long refresh) {
        return String.join("\n", Long.toString(id), location, Integer.toString(persistentState),
                Integer.toString(startLevel), Long.toString(lastModified), Long.toString(refresh), "")
                .getBytes(StandardCharsets.UTF_8);
    }
}
