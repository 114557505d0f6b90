package org.slipway.core.internal.archive;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules for entry names, so that no entry can be written outside the folder it is extracted to, whatever the
 * platform: no absolute path, drive letter, backslash, control character, {@code ..} or {@code .} or empty
 * segment. A release archive additionally holds nothing but {@code repository/} and {@code META-INF/}.
 */
final class EntryNames {

    static final String REPOSITORY = "repository/";
    static final String META_INF = "META-INF/";
    static final String CHECKSUMS = "META-INF/slipway-checksums.sha256";

    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:");

    private EntryNames() {
    }

    /** @return why {@code name} is unsafe in any archive, as a detail naming it; empty if it is safe */
    static Optional<String> unsafe(String name) {
        String quoted = quote(name);
        if (name.isEmpty()) {
            return Optional.of("entry \"\" has an empty name");
        }
        if (name.startsWith("/") || DRIVE.matcher(name).lookingAt()) {
            return Optional.of("entry " + quoted + " is an absolute path and would be written outside system/");
        }
        if (name.indexOf(':') >= 0) {
            return Optional.of("entry " + quoted + " contains a colon, a drive or stream separator on Windows");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("entry " + quoted + " contains a backslash and could be written outside system/");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return Optional.of("entry " + quoted + " contains a control character");
            }
        }
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("entry " + quoted + " would be written outside system/");
            }
            if (segment.isEmpty()) {
                return Optional.of("entry " + quoted + " has an empty path segment");
            }
        }
        return Optional.empty();
    }

    /** @return why {@code name} does not belong in a release archive; empty if it does */
    static Optional<String> unsafeInRelease(String name) {
        Optional<String> unsafe = unsafe(name);
        if (unsafe.isPresent()) {
            return unsafe;
        }
        if (!name.startsWith(REPOSITORY) && !name.startsWith(META_INF) && !name.equals("repository/")
                && !name.equals(META_INF)) {
            return Optional.of("entry " + quote(name) + " is outside repository/ and META-INF/");
        }
        return Optional.empty();
    }

    /** @return whether {@code name} is a directory entry */
    static boolean isDirectory(String name) {
        return name.endsWith("/");
    }

    /**
     * @return whether {@code name} is written by jarsigner: {@code META-INF/MANIFEST.MF}, {@code *.SF},
     *         {@code *.RSA}, {@code *.DSA}, {@code *.EC} or {@code SIG-*} directly in {@code META-INF/}
     */
    static boolean isSignatureRelated(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith(META_INF) || upper.indexOf('/', META_INF.length()) >= 0) {
            return false;
        }
        String file = upper.substring(META_INF.length());
        return file.equals("MANIFEST.MF") || isSignatureFile(name);
    }

    /** @return whether {@code name} is a signature file (not the manifest) directly in {@code META-INF/} */
    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith(META_INF) || upper.indexOf('/', META_INF.length()) >= 0) {
            return false;
        }
        String file = upper.substring(META_INF.length());
        return file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }

    /**
     * @param max the most characters of {@code text} to keep
     * @return {@code text} with control characters escaped as in {@link #quote}, cut after {@code max} characters
     *         with a note of how many more there were; for quoting hostile input of any length in a message
     */
    static String bounded(String text, int max) {
        String kept = text.length() > max ? text.substring(0, max) : text;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        if (kept.length() < text.length()) {
            out.append("...(").append(text.length() - max).append(" more characters)");
        }
        return out.toString();
    }

    /** @return {@code name} in double quotes, control characters and quotes escaped */
    static String quote(String name) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (c == '"') {
                out.append("\\\"");
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
