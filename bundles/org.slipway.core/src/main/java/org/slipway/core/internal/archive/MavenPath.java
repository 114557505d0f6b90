package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A Maven coordinate as Karaf writes it in features ({@code mvn:group/artifact/version[/type[/classifier]]}) and
 * as it is laid out in a Maven repository ({@code group/as/dirs/artifact/version/artifact-version[-classifier].type}).
 * Only plain coordinates are accepted: no repository prefix ({@code mvn:http://repo!...}), no empty or dot-only
 * parts, so the repository path never leaves the repository.
 *
 * @param group      the group id, e.g. {@code org.slipway.example}
 * @param artifact   the artifact id
 * @param version    the version, literally (no ranges, no {@code LATEST})
 * @param type       the type, {@code jar} by default
 * @param classifier the classifier, empty when none
 */
public record MavenPath(String group, String artifact, String version, String type, String classifier) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9_.+-]*");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_+-]+(\\.[A-Za-z0-9_+-]+)*");

    public MavenPath {
        requireNonNull(group, "group");
        requireNonNull(artifact, "artifact");
        requireNonNull(version, "version");
        requireNonNull(type, "type");
        requireNonNull(classifier, "classifier");
    }

    /**
     * @param url {@code mvn:group/artifact/version[/type[/classifier]]}
     * @throws IllegalArgumentException if {@code url} is not such a URL; the message quotes it
     */
    public static MavenPath parse(String url) {
        requireNonNull(url, "url");
        if (!url.startsWith("mvn:")) {
            throw invalid(url, "it does not start with mvn:");
        }
        String[] parts = url.substring(4).split("/", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw invalid(url, "it needs group/artifact/version[/type[/classifier]]");
        }
        if (!GROUP.matcher(parts[0]).matches()) {
            throw invalid(url, "\"" + parts[0] + "\" is not a group id");
        }
        for (int i = 1; i < parts.length; i++) {
            if (!PART.matcher(parts[i]).matches() || parts[i].contains("..")) {
                throw invalid(url, "\"" + parts[i] + "\" is not a valid part of a Maven coordinate");
            }
        }
        return new MavenPath(parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : "jar",
                parts.length > 4 ? parts[4] : "");
    }

    /**
     * The reverse of {@link #repositoryPath()}: a file's path inside a Maven repository.
     *
     * @param path e.g. {@code org/slipway/example/greeter/1.1.0/greeter-1.1.0-features.xml}
     * @throws IllegalArgumentException if {@code path} is not laid out as Maven lays out artifacts
     */
    public static MavenPath fromRepositoryPath(String path) {
        requireNonNull(path, "path");
        String[] dirs = path.split("/", -1);
        if (dirs.length < 4) {
            throw invalidPath(path);
        }
        String artifact = dirs[dirs.length - 3];
        String version = dirs[dirs.length - 2];
        String file = dirs[dirs.length - 1];
        String prefix = artifact + "-" + version;
        if (!file.startsWith(prefix) || file.length() == prefix.length()) {
            throw invalidPath(path);
        }
        String rest = file.substring(prefix.length());
        String classifier = "";
        if (rest.startsWith("-")) {
            int dot = rest.indexOf('.');
            if (dot < 0) {
                throw invalidPath(path);
            }
            classifier = rest.substring(1, dot);
            rest = rest.substring(dot);
        }
        if (!rest.startsWith(".")) {
            throw invalidPath(path);
        }
        String group = String.join(".", Arrays.asList(dirs).subList(0, dirs.length - 3));
        String url = "mvn:" + group + "/" + artifact + "/" + version + "/" + rest.substring(1)
                + (classifier.isEmpty() ? "" : "/" + classifier);
        try {
            return parse(url);
        } catch (IllegalArgumentException e) {
            throw invalidPath(path);
        }
    }

    /** @return the path inside a Maven repository, with {@code /} separators and no leading {@code /} */
    public String repositoryPath() {
        return group.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-" + version
                + (classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
    }

    /** @return the shortest {@code mvn:} URL: type and classifier only when they are not the defaults */
    public String url() {
        String url = "mvn:" + group + "/" + artifact + "/" + version;
        if (!classifier.isEmpty()) {
            return url + "/" + type + "/" + classifier;
        }
        return type.equals("jar") ? url : url + "/" + type;
    }

    @Override
    public String toString() {
        return url();
    }

    private static IllegalArgumentException invalid(String url, String why) {
        return new IllegalArgumentException("\"" + url + "\" is not a Maven URL mvn:group/artifact/version"
                + "[/type[/classifier]]: " + why);
    }

    private static IllegalArgumentException invalidPath(String path) {
        return new IllegalArgumentException("\"" + path + "\" is not a Maven repository path"
                + " group/as/dirs/artifact/version/artifact-version[-classifier].type");
    }
}
