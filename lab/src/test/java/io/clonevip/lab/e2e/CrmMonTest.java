package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** crm_mon XML as Pacemaker 2.1 prints it (record-pending): instances in flight are not placed. */
class CrmMonTest {

    private static String resource(int k, String node, String extra) {
        return """
                <resource id="p_cluster_vip:%d" resource_agent="ocf:clonevip:IPaddr3" role="Started" active="true" \
                orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" \
                nodes_running_on="1"%s>
                  <node name="%s" id="1" cached="true"/>
                </resource>
                """.formatted(k, extra, node);
    }

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
        CrmMon m = CrmMon.parse(xml);
        assertEquals(Map.of(1, "node1", 4, "node3"), m.buckets("p_cluster_vip"), "a start or stop in flight is moving");
        assertEquals(Map.of("node1", 1, "node3", 1), m.perNode("p_cluster_vip"));
        assertEquals("node3", m.dc().orElseThrow());
    }
}
