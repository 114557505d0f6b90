package org.slipway.core.internal.release;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Bundles for tests: Java sources compiled by the JDK's compiler, jarred with the given headers. */
final class Jars {

    private Jars() {
    }

    /**
     * @param sources each class's path ({@code p/Hello.java}) with its source
     * @param headers the manifest's main headers
     */
    static byte[] bundle(Path work, Map<String, String> sources, Map<String, String> headers) throws IOException {
        Path src = Files.createTempDirectory(work, "src");
        Path classes = Files.createTempDirectory(work, "classes");
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new java.util.ArrayList<>(List.of("-d", classes.toString(), "--release", "17",
                "-cp", System.getProperty("java.class.path")));
        sources.keySet().forEach(name -> arguments.add(src.resolve(name).toString()));
        if (javac.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("javac failed on " + sources.keySet());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Entry times fixed: the same sources give the same bytes, whatever second each jar is made in
        // (a release diff compares jars whole).
        try (JarOutputStream jar = new JarOutputStream(bytes); Stream<Path> files = Files.walk(classes)) {
            jar.putNextEntry(entry("META-INF/MANIFEST.MF"));
            manifest.write(jar);
            jar.closeEntry();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(entry(classes.relativize(file).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static JarEntry entry(String name) {
        JarEntry entry = new JarEntry(name);
        entry.setTime(FIXED_TIME);
        return entry;
    }

    /** 2026-01-01T00:00:00Z */
    private static final long FIXED_TIME = 1_767_225_600_000L;
}
