package org.slipway.shell.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The management endpoint's bearer tokens, one per role, each in a file only its owner can read
 * ({@code admin.token}, {@code viewer.token}); generated at the first start, kept across restarts. Delete a
 * file and restart to get a new token.
 */
final class Tokens {

    /** What a token lets its bearer do: a viewer reads, an admin also changes. */
    enum Role {
        VIEWER, ADMIN
    }

    private final byte[] admin;
    private final byte[] viewer;

    private Tokens(byte[] admin, byte[] viewer) {
        this.admin = admin;
        this.viewer = viewer;
    }

    /** Reads the tokens in {@code folder}, generating those that are missing. */
    static Tokens in(Path folder) throws IOException {
        Files.createDirectories(folder);
        return new Tokens(token(folder.resolve("admin.token")), token(folder.resolve("viewer.token")));
    }

    /** @return the role of the bearer of {@code authorization} (an HTTP Authorization header), if any */
    Optional<Role> role(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(given, admin)) {
            return Optional.of(Role.ADMIN);
        }
        return MessageDigest.isEqual(given, viewer) ? Optional.of(Role.VIEWER) : Optional.empty();
    }

    private static byte[] token(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            // Written whole under another name, then linked in: no reader (bin/slipway) sees a half-written token.
            Path partial = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(partial, HexFormat.of().formatHex(random) + "\n");
                Files.createLink(file, partial);
            } catch (FileAlreadyExistsException raced) {
                // another start wrote it: read theirs
            } finally {
                Files.delete(partial);
            }
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (token.length() < 32) {
            throw new IOException("The token in " + file + " is shorter than 32 characters: delete it and restart");
        }
        return token.getBytes(StandardCharsets.US_ASCII);
    }
}
