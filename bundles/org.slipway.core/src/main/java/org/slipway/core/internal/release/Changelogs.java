package org.slipway.core.internal.release;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slipway.api.ReleaseChangelog;
import org.slipway.core.internal.engine.ReleaseRuntime;
import org.slipway.core.internal.state.PlainJson;

/**
 * The changelog of two versions of a feature the running instance knows, from the same code as the
 * {@code slipway:diff} goal: {@link ReleaseDiff}, written by {@link Markdown} and as JSON. Stateless.
 */
public final class Changelogs {

    private Changelogs() {
    }

    /**
     * @throws IllegalArgumentException when the feature has no such version; the message names the known ones
     * @throws IllegalStateException    when a bundle cannot be read
     */
    public static ReleaseChangelog of(ReleaseRuntime runtime, String feature, String from, String to) {
        Release before = release(runtime, feature, from);
        Release after = release(runtime, feature, to);
        Changelog changelog = ReleaseDiff.diff(before, after);
        return new ReleaseChangelog(feature, from, to, Markdown.changelog(changelog),
                PlainJson.write(changelog.toData()));
    }

    private static Release release(ReleaseRuntime runtime, String feature, String version) {
        List<String> known = runtime.knownVersions(feature);
        if (!known.contains(version)) {
            throw new IllegalArgumentException("Feature \"" + feature + "\" has no version " + version
                    + " in any repository (known: " + String.join(", ", known) + ")");
        }
        Map<String, byte[]> contents;
        try {
            contents = runtime.bundleContents(feature, version);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bundles of " + feature + " " + version + ": "
                    + e.getMessage(), e);
        }
        List<ReleaseBundle> bundles = new ArrayList<>();
        contents.forEach((location, content) -> bundles.add(ReleaseBundle.read(location, content)));
        return new Release(feature, version, feature + " " + version, bundles);
    }
}
