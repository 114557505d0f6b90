package org.slipway.core.internal.archive;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Changes bytes of a written zip in ways {@code java.util.zip} would not write them. */
final class ZipPatch {

    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;

    private ZipPatch() {
    }

    /** Sets the unix mode in {@code name}'s central directory header, made by unix. */
    static void unixMode(Path zip, String name, int mode) throws IOException {
        ByteBuffer bytes = load(zip);
        int at = header(bytes, CENTRAL, name, 28, 46);
        bytes.put(at + 5, (byte) 3);
        bytes.putInt(at + 38, mode << 16);
        Files.write(zip, bytes.array());
    }

    /** Renames {@code from} to {@code to} (of the same length) in its local and central headers. */
    static void rename(Path zip, String from, String to) throws IOException {
        byte[] replacement = to.getBytes(UTF_8);
        ByteBuffer bytes = load(zip);
        bytes.put(header(bytes, LOCAL, from, 26, 30) + 30, replacement);
        bytes.put(header(bytes, CENTRAL, from, 28, 46) + 46, replacement);
        Files.write(zip, bytes.array());
    }

    /** Flips a byte of {@code name}'s (compressed) data, {@code offset} bytes into it. */
    static void damage(Path zip, String name, int offset) throws IOException {
        ByteBuffer bytes = load(zip);
        int at = header(bytes, LOCAL, name, 26, 30);
        int data = at + 30 + Short.toUnsignedInt(bytes.getShort(at + 26)) + Short.toUnsignedInt(bytes.getShort(at + 28));
        bytes.put(data + offset, (byte) ~bytes.get(data + offset));
        Files.write(zip, bytes.array());
    }

    /** Keeps the first half of the file. */
    static void truncate(Path zip) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, Arrays.copyOf(bytes, bytes.length / 2));
    }

    private static ByteBuffer load(Path zip) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the offset of the header with {@code signature} for entry {@code name} */
    private static int header(ByteBuffer bytes, int signature, String name, int nameLengthAt, int nameAt) {
        byte[] wanted = name.getBytes(UTF_8);
        for (int at = 0; at + nameAt + wanted.length <= bytes.limit(); at++) {
            if (bytes.getInt(at) == signature && Short.toUnsignedInt(bytes.getShort(at + nameLengthAt)) == wanted.length
                    && Arrays.equals(bytes.array(), at + nameAt, at + nameAt + wanted.length, wanted, 0, wanted.length)) {
                return at;
            }
        }
        throw new IllegalArgumentException("No header for " + name);
    }
}
