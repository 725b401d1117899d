package io.clonevip.pacemaker;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The readers of Pacemaker tools' XML output on text Jazzer mutates: {@link PacemakerResultXml}
 * (attrd_updater / crm_attribute {@code --output-as=xml}, read by the agents) may only throw
 * {@link IOException}; {@link CrmMonView#parse} ({@code crm_mon -1 --output-as=xml}, read by the
 * labs and the demo) only its {@code not crm_mon XML} IllegalArgumentException, and what it
 * parsed answers every query. Seeds under {@code PacemakerXmlFuzzTestInputs}: the tools' real
 * output (Pacemaker 2.1); how to fuzz longer: docs/developer/fuzzing.md.
 */
class PacemakerXmlFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void attributeResultOnlyThrowsIOException(byte[] input) {
        String xml = new String(input, StandardCharsets.UTF_8);
        try {
            PacemakerResultXml.attributeValue(xml, "writable_monit", "node2");
            PacemakerResultXml.attributeValue(xml, "writable_monit", null);
        } catch (IOException expected) {
            // not the tool's output
        }
    }

    @FuzzTest(maxDuration = "2m")
    void crmMonOnlyThrowsItsParseError(byte[] input) {
        CrmMonView v;
        try {
            v = CrmMonView.parse(new String(input, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            if (e.getClass() != IllegalArgumentException.class || !e.getMessage().startsWith(CrmMonView.NOT_CRM_MON)) throw e;
            return;
        }
        String.valueOf(v);
        v.buckets("p_cluster_vip");
        v.instancesPerNode("p_cluster_vip");
        v.locate("p_cluster_vip:0");
        v.runningOn("p_mysql");
        v.attribute("node1", "writable_monit");
    }
}
