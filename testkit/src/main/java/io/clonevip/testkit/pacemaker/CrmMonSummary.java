package io.clonevip.testkit.pacemaker;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the lab itself needs of {@code crm_mon --output-as=xml}: whether there is a DC and how
 * many nodes are online (the agents' tests read the full view with their own CrmMonView).
 */
record CrmMonSummary(boolean dc, int online) {

    static CrmMonSummary parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            NodeList dcs = doc.getElementsByTagName("current_dc");
            boolean dc = dcs.getLength() > 0 && "true".equals(((Element) dcs.item(0)).getAttribute("present"));
            int online = 0;
            NodeList nodes = doc.getElementsByTagName("node");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element n = (Element) nodes.item(i);
                if ("true".equals(n.getAttribute("online")) && n.getParentNode().getNodeName().equals("nodes")) {
                    online++;
                }
            }
            return new CrmMonSummary(dc, online);
        } catch (Exception e) {
            throw new IllegalStateException("crm_mon printed no readable XML: " + e.getMessage(), e);
        }
    }

    boolean onlineWithDc(int count) {
        return dc && online >= count;
    }
}
