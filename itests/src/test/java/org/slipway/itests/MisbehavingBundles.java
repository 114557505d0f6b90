package org.slipway.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.osgi.framework.BundleActivator;

/**
 * Real bundles that misbehave, compiled and packaged at test time: a bundle activator, or an immediate
 * Declarative Services component, that does what a {@link Behaviour} says when the bundle starts. Every
 * start of a version appends a line {@code <version> start} to a marker file before it misbehaves, so a
 * test can count how often application code ran. The package is the symbolic name; no bundle exports
 * anything.
 */
final class MisbehavingBundles {

    /** What the bundle's code does when it starts. */
    enum Behaviour {
        /** Starts and returns. */
        WELL(""),
        /** Sleeps forever; an interrupt ends the sleep and the start fails. */
        BLOCK("Thread.sleep(Long.MAX_VALUE);"),
        /** Spins forever and never looks at its interrupt flag. */
        SPIN("while (true) { spins++; }"),
        /** Ends the JVM. */
        EXIT("System.exit(3);"),
        /** Fails the start. */
        THROW("throw new IllegalStateException(\"this release refuses to start\");");

        private final String code;

        Behaviour(String code) {
            this.code = code;
        }
    }

    private final Path folder;

    /** @param folder where sources, classes, jars and marker files go; emptied first */
    MisbehavingBundles(Path folder) throws IOException {
        this.folder = folder.toAbsolutePath();
        if (Files.exists(this.folder)) {
            try (Stream<Path> paths = Files.walk(this.folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(this.folder);
    }

    /** The file each start of {@code symbolicName} appends a line to. */
    Path marker(String symbolicName) {
        return folder.resolve(symbolicName + ".starts");
    }

    /** @return how often {@code version} of {@code symbolicName} entered its start (activator or activate) */
    long starts(String symbolicName, String version) throws IOException {
        Path marker = marker(symbolicName);
        if (!Files.exists(marker)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(marker)) {
            return lines.filter((version + " start")::equals).count();
        }
    }

    /** A bundle whose {@code BundleActivator.start} does what {@code behaviour} says. */
    Path activator(String symbolicName, String version, Behaviour behaviour) throws IOException {
        String source = "package " + symbolicName + ";\n"
                + "public class Activator implements org.osgi.framework.BundleActivator {\n"
                + "    static volatile long spins;\n"
                + "    @Override public void start(org.osgi.framework.BundleContext context) throws Exception {\n"
                + "        " + markStart(symbolicName, version) + "\n"
                + "        " + behaviour.code + "\n"
                + "    }\n"
                + "    @Override public void stop(org.osgi.framework.BundleContext context) {}\n"
                + "}\n";
        Manifest manifest = manifest(symbolicName, version);
        manifest.getMainAttributes().putValue("Bundle-Activator", symbolicName + ".Activator");
        manifest.getMainAttributes().putValue("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"");
        return jar(symbolicName, version, behaviour, "Activator", source, manifest, List.of());
    }

    /**
     * A bundle with one immediate DS 1.3 component and no activator, whose activate method does what
     * {@code behaviour} says.
     */
    Path component(String symbolicName, String version, Behaviour behaviour) throws IOException {
        String source = "package " + symbolicName + ";\n"
                + "public class Component {\n"
                + "    static volatile long spins;\n"
                + "    public void activate() throws Exception {\n"
                + "        " + markStart(symbolicName, version) + "\n"
                + "        " + behaviour.code + "\n"
                + "    }\n"
                + "    public void deactivate() {}\n"
                + "}\n";
        String descriptor = "OSGI-INF/" + symbolicName + ".Component.xml";
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + symbolicName
                + ".Component\" immediate=\"true\" activate=\"activate\" deactivate=\"deactivate\">\n"
                + "  <implementation class=\"" + symbolicName + ".Component\"/>\n"
                + "</scr:component>\n";
        Manifest manifest = manifest(symbolicName, version);
        manifest.getMainAttributes().putValue("Service-Component", descriptor);
        manifest.getMainAttributes().putValue("Require-Capability",
                "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.3.0)(!(version>=2.0.0)))\"");
        return jar(symbolicName, version, behaviour, "Component", source, manifest,
                List.of(new Resource(descriptor, xml)));
    }

    private record Resource(String name, String text) {
    }

    private String markStart(String symbolicName, String version) {
        String marker = marker(symbolicName).toString().replace("\\", "\\\\").replace("\"", "\\\"");
        return "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker + "\"), \"" + version
                + " start\\n\", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);";
    }

    private static Manifest manifest(String symbolicName, String version) {
        return TestBundles.manifest(symbolicName, version);
    }

    /** Compiles {@code source} against osgi.core and packages it as {@code <symbolicName>-<version>.jar}. */
    private Path jar(String symbolicName, String version, Behaviour behaviour, String className, String source,
            Manifest manifest, List<Resource> resources) throws IOException {
        String name = symbolicName + "-" + version + "-" + behaviour.name().toLowerCase();
        Path sources = folder.resolve("src").resolve(name);
        Path classes = folder.resolve("classes").resolve(name);
        String packagePath = symbolicName.replace('.', '/');
        Path file = Files.createDirectories(sources.resolve(packagePath)).resolve(className + ".java");
        Files.writeString(file, source);
        Files.createDirectories(classes);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("No Java compiler in " + System.getProperty("java.home")
                    + ": the test needs a JDK");
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, diagnostics, diagnostics, "--release", "17", "-classpath",
                osgiCore().toString(), "-d", classes.toString(), file.toString());
        if (status != 0) {
            throw new IllegalStateException("Cannot compile " + file + ":\n"
                    + diagnostics.toString(StandardCharsets.UTF_8));
        }

        Path jar = Files.createDirectories(folder.resolve("jars").resolve(behaviour.name().toLowerCase()))
                .resolve(symbolicName + "-" + version + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            Path compiledClass = classes.resolve(packagePath).resolve(className + ".class");
            zip.putNextEntry(new JarEntry(packagePath + "/" + className + ".class"));
            zip.write(Files.readAllBytes(compiledClass));
            zip.closeEntry();
            for (Resource resource : resources) {
                zip.putNextEntry(new JarEntry(resource.name()));
                zip.write(resource.text().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }

    /** The osgi.core jar on the test class path, as the classes of the framework API come from it. */
    private static Path osgiCore() {
        try {
            return Path.of(BundleActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate osgi.core: " + e.getMessage(), e);
        }
    }
}
