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
}
