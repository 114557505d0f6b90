package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NamedNodeMap;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a Karaf features XML securely (no DOCTYPE, hence no external or expanding entities) and validates it
 * against the Karaf features XSD of its root namespace. Uses the JDK's own XML implementations, whatever other
 * bundles register. Thread-safe; compiled schemas are cached per namespace.
 */
public final class FeaturesXml {

    /** The namespaces Karaf's features XSDs declare: {@code http://karaf.apache.org/xmlns/features/v1.X.0}. */
    public static final String NAMESPACE_PREFIX = "http://karaf.apache.org/xmlns/features/v";

    private final Function<String, Optional<URL>> xsds;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** @param xsds for a root namespace, the URL of Karaf's XSD for it, empty for an unknown namespace */
    public FeaturesXml(Function<String, Optional<URL>> xsds) {
        this.xsds = requireNonNull(xsds, "xsds");
    }

    /**
     * @param entry       the XML's entry name in the archive, for messages
     * @param content     the XML
     * @param displayName the archive, for messages
     * @throws ArchiveRejectedException INVALID_FEATURES if the XML is not well-formed, has a DOCTYPE, has an
     *                                  unknown root namespace or is invalid against the XSD; the detail names the
     *                                  entry, the line and the parser's message
     */
    public FeaturesRepository parse(String entry, byte[] content, String displayName)
            throws ArchiveRejectedException {
        Document document;
        try {
            document = SecureXml.documentBuilder().parse(new ByteArrayInputStream(content));
        } catch (SAXException e) {
            throw invalid(displayName, entry, e);
        } catch (IOException e) {
            throw invalid(displayName, entry, e.getMessage());
        }
        Element root = document.getDocumentElement();
        String namespace = root.getNamespaceURI() == null ? "" : root.getNamespaceURI();
        if (!"features".equals(root.getLocalName())) {
            throw invalid(displayName, entry, "the root element is <" + root.getTagName() + ">, not <features>");
        }
        validate(entry, content, namespace, displayName);
        List<DeclaredElement> repositories = new ArrayList<>();
        List<DeclaredFeature> features = new ArrayList<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                switch (element.getLocalName()) {
                    case "feature" -> features.add(feature(element));
                    case "repository", "resource-repository" -> repositories.add(declared(element, List.of()));
                    default -> {
                        // the XSD allows nothing else
                    }
                }
            }
        }
        return new FeaturesRepository(root.getAttribute("name"), repositories, features);
    }

    private static DeclaredFeature feature(Element feature) {
        List<DeclaredElement> elements = new ArrayList<>();
        children(feature, List.of(), elements);
        String version = feature.getAttribute("version").strip();
        return new DeclaredFeature(feature.getAttribute("name"), version.isEmpty() ? "0.0.0" : version,
                new DeclaredElement("feature", attributes(feature), "", List.of()), elements);
    }

    /** Adds the children of {@code parent} in document order, those of a {@code <conditional>} in its place. */
    private static void children(Element parent, List<String> conditions, List<DeclaredElement> into) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element element)) {
                continue;
            }
            if ("conditional".equals(element.getLocalName())) {
                List<String> inner = new ArrayList<>(conditions);
                for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element condition && "condition".equals(condition.getLocalName())) {
                        inner.add(condition.getTextContent().strip());
                    }
                }
                children(element, inner, into);
            } else if (!"condition".equals(element.getLocalName())) {
                into.add(declared(element, conditions));
            }
        }
    }

    private static DeclaredElement declared(Element element, List<String> conditions) {
        return new DeclaredElement(element.getLocalName(), attributes(element), element.getTextContent(), conditions);
    }

    /** @return the attributes as written, namespace declarations left out */
    private static Map<String, String> attributes(Element element) {
        Map<String, String> attributes = new LinkedHashMap<>();
        NamedNodeMap all = element.getAttributes();
        for (int i = 0; i < all.getLength(); i++) {
            Node attribute = all.item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
                attributes.put(attribute.getLocalName() == null ? attribute.getNodeName() : attribute.getLocalName(),
                        attribute.getNodeValue());
            }
        }
        return attributes;
    }

    private void validate(String entry, byte[] content, String namespace, String displayName)
            throws ArchiveRejectedException {
        Optional<URL> xsd = namespace.startsWith(NAMESPACE_PREFIX) ? xsds.apply(namespace) : Optional.empty();
        if (xsd.isEmpty()) {
            throw invalid(displayName, entry, "namespace \"" + namespace
                    + "\" is not a Karaf features namespace this distribution knows");
        }
        try {
            Validator validator = schemas.computeIfAbsent(namespace, ns -> compile(xsd.get())).newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new StreamSource(new ByteArrayInputStream(content)));
        } catch (SAXException e) {
            throw invalid(displayName, entry, e);
        } catch (IOException e) {
            throw invalid(displayName, entry, e.getMessage());
        }
    }

    private static Schema compile(URL xsd) {
        try {
            return SchemaFactory.newDefaultInstance().newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("Karaf's features XSD " + xsd + " does not compile: " + e.getMessage(), e);
        }
    }

    private static ArchiveRejectedException invalid(String displayName, String entry, SAXException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof SAXParseException parse && parse.getLineNumber() > 0) {
            return invalid(displayName, entry, "line " + parse.getLineNumber() + ": " + strip(message));
        }
        return invalid(displayName, entry, strip(message));
    }

    private static ArchiveRejectedException invalid(String displayName, String entry, String why) {
        return new ArchiveRejectedException(displayName, Reason.INVALID_FEATURES,
                "features XML " + EntryNames.quote(entry) + ": " + why);
    }

    private static String strip(String message) {
        String stripped = message.strip();
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
}
