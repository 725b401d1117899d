package io.clonevip.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrmMonViewTest {
    private static CrmMonView sample() throws IOException {
        try (InputStream in = CrmMonViewTest.class.getResourceAsStream("crm_mon-3node.xml")) {
            return CrmMonView.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsDcQuorumAndOnlineNodes() throws IOException {
        CrmMonView v = sample();
        assertEquals(Optional.of("node3"), v.dc());
        assertTrue(v.quorum());
        assertEquals(Set.of("node1", "node3"), v.online());
    }

    @Test
    void failedAndStoppedInstancesAreNotRunning() throws IOException {
        CrmMonView v = sample();
        assertEquals(Map.of(1, "node1", 3, "node3"), v.buckets("p_cluster_vip"));
        assertEquals(Map.of("node1", 1, "node3", 1), v.instancesPerNode("p_cluster_vip"));
        assertEquals(List.of(), v.runningOn("d1"));
        assertEquals(Optional.of("node1"), v.locate("p_cluster_vip:0"));
        assertEquals(1, v.failures());
    }

    @Test
    void readsNodeAttributes() throws IOException {
        CrmMonView v = sample();
        assertEquals(Optional.of("2"), v.attribute("node3", "p_cluster_vip_clone_count"));
        assertEquals(Optional.of("0"), v.attribute("node3", "writable_monit"));
        assertEquals(Optional.empty(), v.attribute("node2", "writable_monit"));
    }

    @Test
    void refusesWhatIsNotXml() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CrmMonView.parse("Error: no DC"));
        assertTrue(e.getMessage().startsWith("not crm_mon XML"), e.getMessage());
    }

    private static String resource(int k, String node, String extra) {
        return """
                <resource id="p_cluster_vip:%d" resource_agent="ocf:clonevip:IPaddr3" role="Started" active="true" \
                orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" \
                nodes_running_on="1"%s>
                  <node name="%s" id="1" cached="true"/>
                </resource>
                """.formatted(k, extra, node);
    }

    /** With record-pending, crm_mon shows a start in flight as Started: not placed yet. */
    @Test
    void startsAndStopsInFlightAreNotPlacements() {
        String xml = """
                <pacemaker-result api-version="2.24" request="crm_mon -1 --output-as=xml">
                  <summary><current_dc present="true" name="node3" with_quorum="true"/></summary>
                  <nodes><node name="node1" online="true"/><node name="node3" online="true"/></nodes>
                  <resources>
                    <clone id="cl_cluster_vip" multi_state="false" unique="true">
                """ + resource(0, "node1", "") + resource(1, "node3", " pending=\"Starting\"")
                + resource(2, "node1", " pending=\"Stopping\"") + resource(3, "node3", " pending=\"Monitoring\"") + """
                    </clone>
                  </resources>
                </pacemaker-result>
                """;
        CrmMonView m = CrmMonView.parse(xml);
        assertEquals(Map.of(1, "node1", 4, "node3"), m.buckets("p_cluster_vip"), "a start or stop in flight is moving");
        assertEquals(Map.of("node1", 1, "node3", 1), m.instancesPerNode("p_cluster_vip"));
        assertEquals("node3", m.dc().orElseThrow());
    }
}
