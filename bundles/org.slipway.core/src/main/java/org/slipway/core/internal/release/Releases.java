package org.slipway.core.internal.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.slipway.core.internal.archive.MavenPath;

/** Builds a {@link Release} from a features XML and a way to fetch the artifacts it names. */
public final class Releases {

    /** Fetches the bytes of one artifact. */
    @FunctionalInterface
    public interface Artifacts {
        /**
         * @throws IllegalArgumentException when the artifact cannot be found; the message names it
         */
        byte[] fetch(MavenPath path) throws IOException;
    }

    private Releases() {
    }

    /**
     * @param feature the feature that is the release; {@code null} when the file defines exactly one
     * @param source  where the release comes from, for messages
     */
    public static Release of(FeaturesFile file, String feature, String source, Artifacts artifacts) {
        FeaturesFile.Feature picked = file.feature(feature);
        List<ReleaseBundle> bundles = new ArrayList<>();
        for (MavenPath path : file.bundles(picked)) {
            try {
                bundles.add(ReleaseBundle.read(path.url(), artifacts.fetch(path)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + path.url() + " of " + source + ": " + e.getMessage(),
                        e);
            }
        }
        return new Release(picked.name(), picked.version(), source, bundles);
    }
}
