package org.slipway.features.validation;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validates features descriptors against Karaf's features XSD, collecting every problem instead of stopping
 * at the first one.
 * <p>
 * Thread-safe: the compiled {@link Schema} is shared, each call uses its own {@link Validator}.
 */
final class FeaturesXsdValidator {

    /** The schema resource inside org.apache.karaf.features.core. */
    static final String XSD_RESOURCE = "/org/apache/karaf/features/karaf-features-1.6.0.xsd";

    private final Schema schema;

    private FeaturesXsdValidator(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /**
     * Compiles Karaf's features XSD 1.6.0 from the test class path.
     *
     * @throws IllegalStateException if the XSD is not on the class path
     * @throws SAXException if the XSD does not compile
     */
    static FeaturesXsdValidator karafFeatures160() throws SAXException {
        URL xsd = FeaturesXsdValidator.class.getResource(XSD_RESOURCE);
        if (xsd == null) {
            throw new IllegalStateException(XSD_RESOURCE
                    + " is not on the class path: org.apache.karaf.features.core must be a test dependency");
        }
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        return new FeaturesXsdValidator(factory.newSchema(xsd));
    }

    /**
     * Validates one descriptor.
     *
     * @return every problem found, in document order; empty if the descriptor is valid. After a fatal
     *         (well-formedness) error the parser stops, so later problems in that file are not reported.
     * @throws IOException if the file cannot be read
     */
    List<XsdProblem> validate(Path descriptor) throws IOException {
        String name = descriptor.getFileName().toString();
        Collector collector = new Collector(name);
        Validator validator = schema.newValidator();
        validator.setErrorHandler(collector);
        try {
            validator.validate(new StreamSource(descriptor.toFile()));
        } catch (SAXParseException e) {
            // After a fatal error the parser throws again, with a new exception: record it only once.
            if (!collector.fatalReported) {
                collector.fatalError(e);
            }
        } catch (SAXException e) {
            collector.problems.add(new XsdProblem(name, -1, -1, "fatal", String.valueOf(e.getMessage())));
        }
        return List.copyOf(collector.problems);
    }

    /** Records problems instead of throwing, so that one run reports all of them. */
    private static final class Collector implements ErrorHandler {
        private final String file;
        private final List<XsdProblem> problems = new ArrayList<>();
        private boolean fatalReported;

        Collector(String file) {
            this.file = file;
        }

        private void add(SAXParseException e, String severity) {
            problems.add(new XsdProblem(file, e.getLineNumber(), e.getColumnNumber(), severity,
                    String.valueOf(e.getMessage())));
        }

        @Override
        public void warning(SAXParseException e) {
            add(e, "warning");
        }

        @Override
        public void error(SAXParseException e) {
            add(e, "error");
        }

        @Override
        public void fatalError(SAXParseException e) {
            fatalReported = true;
            add(e, "fatal");
        }
    }
}
