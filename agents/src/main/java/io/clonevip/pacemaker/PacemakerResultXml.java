package io.clonevip.pacemaker;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads the {@code <pacemaker-result>} document that Pacemaker 2.1 tools print with
 * {@code --output-as=xml}, e.g.
 * {@code <attribute name="writable" value="1" host="node1"/>} from attrd_updater or
 * {@code <attribute name="writable" value="1" scope="status"/>} from crm_attribute.
 */
final class PacemakerResultXml {

    private PacemakerResultXml() {
    }

    /**
     * The value of the attribute element named {@code name} (and, when it has a
     * {@code host}, on {@code node}), if present.
     *
     * @throws IOException when the text is not such a document
     */
    static Optional<String> attributeValue(String xml, String name, String node) throws IOException {
        Element root = parse(xml);
        NodeList attributes = root.getElementsByTagName("attribute");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element attribute = (Element) attributes.item(i);
            if (!name.equals(attribute.getAttribute("name"))) {
                continue;
            }
            String host = attribute.getAttribute("host");
            if (node != null && !host.isEmpty() && !node.equals(host)) {
                continue;
            }
            return attribute.hasAttribute("value") ? Optional.of(attribute.getAttribute("value")) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Every {@code host}'s value of the attribute elements named {@code name} (attrd_updater -Q
     * -A), in document order; elements without a host or a value are left out.
     *
     * @throws IOException when the text is not such a document
     */
    static Map<String, String> attributeValues(String xml, String name) throws IOException {
        Element root = parse(xml);
        NodeList attributes = root.getElementsByTagName("attribute");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Element attribute = (Element) attributes.item(i);
            String host = attribute.getAttribute("host");
            if (name.equals(attribute.getAttribute("name")) && !host.isEmpty() && attribute.hasAttribute("value")) {
                values.put(host, attribute.getAttribute("value"));
            }
        }
        return values;
    }

    private static Element parse(String xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            Element root = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(xml)))
                    .getDocumentElement();
            if (!"pacemaker-result".equals(root.getTagName())) {
                throw new IOException("expected <pacemaker-result>, got <" + root.getTagName() + ">");
            }
            return root;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("unreadable tool output: " + e.getMessage(), e);
        }
    }
}
