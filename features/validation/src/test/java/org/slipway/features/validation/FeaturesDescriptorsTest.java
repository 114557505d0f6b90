package org.slipway.features.validation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.BeforeClass;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Every features descriptor the build produces (copied by maven-dependency-plugin into the folder named by
 * the system property {@value #DESCRIPTORS_PROPERTY}) is valid against Karaf's features XSD 1.6.0 and
 * declares the feature of its release.
 */
public class FeaturesDescriptorsTest {

    static final String DESCRIPTORS_PROPERTY = "slipway.descriptors.directory";
    static final String VERSION_PROPERTY = "slipway.version";

    private static final String NAMESPACE = "http://karaf.apache.org/xmlns/features/v1.6.0";
    private static final List<String> GREETER_RELEASES = List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "2.0.0");
    private static final Pattern GREETER_FILE = Pattern.compile("greeter-(.+)-features\\.xml");
    private static final String INVALID_FIXTURE = "/invalid/unknown-element-features.xml";

    private static FeaturesXsdValidator validator;
    private static Path descriptorsDirectory;
    private static String slipwayVersion;

    @BeforeClass
    public static void setUp() throws Exception {
        validator = FeaturesXsdValidator.karafFeatures160();
        descriptorsDirectory = Paths.get(BuildProperties.required(DESCRIPTORS_PROPERTY));
        slipwayVersion = BuildProperties.required(VERSION_PROPERTY);
    }

    @Test
    public void everyDescriptorIsValidAgainstKarafXsd() throws IOException {
        List<Path> descriptors = expectedDescriptors();

        List<XsdProblem> problems = new ArrayList<>();
        for (Path descriptor : descriptors) {
            problems.addAll(validator.validate(descriptor));
        }

        if (!problems.isEmpty()) {
            fail(report(problems, descriptors.size()));
        }
    }

    @Test
    public void eachDescriptorDeclaresTheFeatureOfItsRelease() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (Path descriptor : expectedDescriptors()) {
            String file = descriptor.getFileName().toString();
            Matcher greeter = GREETER_FILE.matcher(file);
            String expected = greeter.matches()
                    ? "greeter/" + greeter.group(1)
                    : "slipway/" + slipwayVersion;
            List<String> declared;
            try {
                declared = declaredFeatures(descriptor);
            } catch (SAXParseException e) {
                mismatches.add(file + ":" + e.getLineNumber() + ": not well-formed: " + e.getMessage());
                continue;
            }
            if (!declared.equals(List.of(expected))) {
                mismatches.add(file + " declares " + declared + ", expected [" + expected + "]");
            }
        }
        assertTrue("Descriptors that do not declare the feature of their release:\n  "
                + String.join("\n  ", mismatches), mismatches.isEmpty());
    }

    @Test
    public void validatorRejectsADescriptorWithAnUnknownElementAndNamesTheFile() throws Exception {
        Path invalid = resource(INVALID_FIXTURE);
        String file = invalid.getFileName().toString();
        int unknownElementLine = lineOf(invalid, "<unknown-element");

        List<XsdProblem> problems = validator.validate(invalid);

        assertFalse(file + " must be rejected by the XSD", problems.isEmpty());
        XsdProblem first = problems.get(0);
        assertEquals(file, first.file());
        assertEquals("line of the unknown element in " + file, unknownElementLine, first.line());
        assertTrue("message must quote the offending element: " + first.message(),
                first.message().contains("unknown-element"));
        String report = report(problems, 1);
        assertTrue("the failure report must name the file and line: " + report,
                report.contains(file + ":" + unknownElementLine + ":"));
    }

    /**
     * The descriptors found, sorted, after asserting that they are exactly the expected ones: a missing
     * descriptor must fail the build rather than let the validation pass on nothing.
     */
    private static List<Path> expectedDescriptors() throws IOException {
        assertTrue(descriptorsDirectory + " does not exist: run the build (process-test-resources copies "
                + "the descriptors)", Files.isDirectory(descriptorsDirectory));
        Set<String> expected = new TreeSet<>();
        expected.add("org.slipway.features-" + slipwayVersion + "-features.xml");
        GREETER_RELEASES.forEach(v -> expected.add("greeter-" + v + "-features.xml"));

        List<Path> found;
        try (Stream<Path> files = Files.list(descriptorsDirectory)) {
            found = files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        Set<String> foundNames = found.stream()
                .map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals("features descriptors in " + descriptorsDirectory, expected, foundNames);
        return found;
    }

    /** All problems of one validation run, one per line, in one message. */
    static String report(List<XsdProblem> problems, int descriptorCount) {
        long files = problems.stream().map(XsdProblem::file).distinct().count();
        return problems.size() + " problem(s) in " + files + " of " + descriptorCount
                + " features descriptor(s), checked against " + FeaturesXsdValidator.XSD_RESOURCE + ":\n  "
                + problems.stream().map(XsdProblem::toString).collect(Collectors.joining("\n  "));
    }

    /** The top-level features of a descriptor, as {@code name/version}. */
    private static List<String> declaredFeatures(Path descriptor) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler()); // throw on fatal errors, do not print to stderr
        Element root = builder.parse(descriptor.toFile()).getDocumentElement();
        List<String> features = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && NAMESPACE.equals(n.getNamespaceURI())
                    && "feature".equals(n.getLocalName())) {
                Element feature = (Element) n;
                features.add(feature.getAttribute("name") + "/" + feature.getAttribute("version"));
            }
        }
        return features;
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalStateException(file + " does not contain " + text);
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = FeaturesDescriptorsTest.class.getResource(name);
        assertNotNull(name + " is not on the test class path", url);
        return Paths.get(url.toURI());
    }
}
