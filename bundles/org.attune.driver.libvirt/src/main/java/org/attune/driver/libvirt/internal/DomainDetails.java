package org.attune.driver.libvirt.internal;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What Attune reads from a domain's XML: the MAC address of its first interface, and optionally its tier and
 * labels from Attune's metadata element:
 *
 * <pre>{@code
 * <metadata>
 *   <attune:guest xmlns:attune="https://attune.org/xmlns/guest/1.0" tier="app">
 *     <attune:label name="role" value="backend"/>
 *   </attune:guest>
 * </metadata>
 * }</pre>
 *
 * @param mac    lower-case MAC of the first {@code <interface>}, "" when none
 * @param tier   the tier, "" when none
 * @param labels the labels, in document order
 */
record DomainDetails(String mac, String tier, Map<String, String> labels) {

    /** Namespace of Attune's element in a domain's {@code <metadata>}. */
    static final String METADATA_NAMESPACE = "https://attune.org/xmlns/guest/1.0";

    static final DomainDetails NONE = new DomainDetails("", "", Map.of());

    DomainDetails {
        labels = Map.copyOf(labels);
    }

    /**
     * Parses a domain's XML.
     *
     * @throws IllegalArgumentException when it is not well-formed XML
     */
    static DomainDetails parse(String xml) {
        Document doc;
        try {
            doc = builder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | java.io.IOException e) {
            throw new IllegalArgumentException("unreadable domain XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        String mac = "";
        Element devices = child(root, "devices");
        if (devices != null) {
            Element iface = child(devices, "interface");
            Element macElement = iface == null ? null : child(iface, "mac");
            if (macElement != null) {
                mac = macElement.getAttribute("address").trim().toLowerCase(java.util.Locale.ROOT);
            }
        }
        String tier = "";
        Map<String, String> labels = new LinkedHashMap<>();
        Element metadata = child(root, "metadata");
        if (metadata != null) {
            NodeList guests = metadata.getElementsByTagNameNS(METADATA_NAMESPACE, "guest");
            if (guests.getLength() > 0) {
                Element guest = (Element) guests.item(0);
                tier = guest.getAttribute("tier").trim();
                NodeList ls = guest.getElementsByTagNameNS(METADATA_NAMESPACE, "label");
                for (int i = 0; i < ls.getLength(); i++) {
                    Element l = (Element) ls.item(i);
                    String name = l.getAttribute("name").trim();
                    if (!name.isEmpty()) {
                        labels.put(name, l.getAttribute("value"));
                    }
                }
            }
        }
        return new DomainDetails(mac, tier, labels);
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // Domain XML never has a DTD; refusing one rules out entity expansion and external fetches.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            // The default handler prints to stderr; the exception thrown carries the message anyway.
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no usable XML parser: " + e.getMessage(), e);
        }
    }
}
