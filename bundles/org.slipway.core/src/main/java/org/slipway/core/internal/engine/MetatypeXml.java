package org.slipway.core.internal.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slipway.core.internal.archive.SecureXml;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Reads a bundle's OSGi Metatype resource ({@code OSGI-INF/metatype/*.xml}, any version of the Metatype namespace,
 * as bnd writes it from DS's {@code @ObjectClassDefinition} and {@code @Designate}): each {@code <Designate>} with
 * the attribute definitions of the {@code <OCD>} its {@code <Object ocdref>} names. A bundle is release input:
 * parsed with DOCTYPE and external entities refused ({@link SecureXml}), bounded in size by the caller.
 */
public final class MetatypeXml {

    private MetatypeXml() {
    }

    /**
     * @param content the resource
     * @param bundle  the bundle carrying it, as {@code symbolicName/version}
     * @return a schema per designation whose object class the resource defines
     * @throws IllegalArgumentException when the resource is not well-formed XML
     */
    public static List<ConfigurationSchema> parse(byte[] content, String bundle) {
        Element root;
        try {
            root = SecureXml.documentBuilder().parse(new ByteArrayInputStream(content)).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
        Map<String, List<ConfigurationSchema.Attribute>> classes = new HashMap<>();
        for (Element ocd : SecureXml.children(root, "OCD")) {
            List<ConfigurationSchema.Attribute> attributes = new ArrayList<>();
            for (Element ad : SecureXml.children(ocd, "AD")) {
                attributes.add(attribute(ad));
            }
            classes.put(ocd.getAttribute("id"), attributes);
        }
        List<ConfigurationSchema> schemas = new ArrayList<>();
        for (Element designate : SecureXml.children(root, "Designate")) {
            String factoryPid = designate.getAttribute("factoryPid").trim();
            String pid = factoryPid.isEmpty() ? designate.getAttribute("pid").trim() : factoryPid;
            for (Element object : SecureXml.children(designate, "Object")) {
                List<ConfigurationSchema.Attribute> attributes = classes.get(object.getAttribute("ocdref"));
                if (!pid.isEmpty() && attributes != null) {
                    schemas.add(new ConfigurationSchema(pid, !factoryPid.isEmpty(), bundle, attributes));
                }
            }
        }
        return schemas;
    }

    private static ConfigurationSchema.Attribute attribute(Element ad) {
        List<String> options = new ArrayList<>();
        for (Element option : SecureXml.children(ad, "Option")) {
            options.add(option.getAttribute("value"));
        }
        String cardinality = ad.getAttribute("cardinality").trim();
        int most;
        try {
            most = cardinality.isEmpty() ? 0 : Integer.parseInt(cardinality);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("attribute " + ad.getAttribute("id") + " has cardinality \""
                    + cardinality + "\", not a number", e);
        }
        String type = ad.getAttribute("type").trim();
        return new ConfigurationSchema.Attribute(ad.getAttribute("id"), type.isEmpty() ? "String" : type, most,
                !ad.getAttribute("required").trim().equalsIgnoreCase("false"), ad.hasAttribute("default"), options);
    }
}
