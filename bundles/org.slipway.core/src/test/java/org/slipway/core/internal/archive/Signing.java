package org.slipway.core.internal.archive;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** A signing key made with the JDK's {@code keytool}, used with the JDK's {@code jarsigner}. */
final class Signing {

    private static final String PASSWORD = "changeit";

    private final Path keystore;
    private final String alias;

    private Signing(Path keystore, String alias) {
        this.keystore = keystore;
        this.alias = alias;
    }

    /** Generates a self-signed EC key for {@code subject} in a new keystore in {@code folder}. */
    static Signing generate(Path folder, String alias, String subject) throws IOException, InterruptedException {
        Path keystore = folder.resolve(alias + ".p12");
        run(folder, "keytool", "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", subject, "-validity", "30", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        return new Signing(keystore, alias);
    }

    /** Exports the certificate as PEM to {@code file}. */
    Path exportCertificate(Path file) throws IOException, InterruptedException {
        run(file.getParent(), "keytool", "-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-file", file.toString());
        return file;
    }

    /** Signs {@code archive} in place. */
    Path sign(Path archive) throws IOException, InterruptedException {
        run(archive.getParent(), "jarsigner", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-digestalg", "SHA-256", archive.toString(), alias);
        return archive;
    }

    /** Rewrites {@code zip} with {@code name} replaced by (or, if absent, added as) {@code content}. */
    static void rewrite(Path zip, String name, String content) throws IOException {
        Path copy = zip.resolveSibling(zip.getFileName() + ".rewritten");
        boolean replaced = false;
        try (ZipFile in = new ZipFile(zip.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(name)) {
                    out.write(content.getBytes(UTF_8));
                    replaced = true;
                } else {
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                }
                out.closeEntry();
            }
            if (!replaced) {
                out.putNextEntry(new ZipEntry(name));
                out.write(content.getBytes(UTF_8));
                out.closeEntry();
            }
        }
        Files.move(copy, zip, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void run(Path folder, String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(folder, tool, ".log");
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        String output = Files.readString(log);
        Files.delete(log);
        if (exit != 0) {
            throw new IOException(tool + " exited with " + exit + ": " + output);
        }
    }
}
