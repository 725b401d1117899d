package io.clonevip.netctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.clusterip.save.MigrationPlan;
import io.clonevip.netctl.JsonText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report after {@code --apply --keep-connections} (the run itself is proven in the 6.1 guest,
 * NetctlGuestTest): the node now runs the clusterip-compatible mode of each VIP's CLUSTERIP hash
 * mode, so the printed Pacemaker commands must carry that mode (the plain one would not match the
 * running ruleset) and the note must not claim a cut. Without --keep-connections nothing changes.
 */
class PlanReportKeptTest {
    private static final MigrationPlan PLAN = InputFiles.plan(Path.of(MigrateRun.fixture("two-vips-counters.iptables-save")),
            Path.of(MigrateRun.fixture("proc-node2")));

    @Test
    void keptConnectionsPrintTheCompatibleModeAndNoCut() {
        String human = new PlanReport(PLAN, "f", "d", 24, true).human();
        assertTrue(human.contains("params ip=198.51.100.100 nic=eth0 cidr_netmask=24 mac=01:00:5e:91:18:86"
                + " clusterip_hash=clusterip-compatible hash_seed=0x00000000 "), human);
        assertTrue(human.contains(" clusterip_hash=clusterip-compatible-sourceip hash_seed=0xdeadbeef "), human);
        assertTrue(human.contains(MigrationGuide.KEPT), human);
        assertFalse(human.contains(MigrationGuide.CUT_ONCE), human);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) JsonText.parse(new PlanReport(PLAN, "f", "d", 24, true).json());
        assertEquals(false, json.get("connections_cut_once"));
        assertEquals(MigrationGuide.KEPT, json.get("note"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> vips = (List<Map<String, Object>>) json.get("vips");
        assertEquals("clusterip-compatible", vips.get(0).get("hash_mode"));
        assertEquals("sourceip-sourceport", vips.get(0).get("clusterip_hashmode"));
    }

    @Test
    void withoutKeepConnectionsTheReportIsThePlainOne() {
        String human = new PlanReport(PLAN, "f", "d", 24, false).human();
        assertEquals(new PlanReport(PLAN, "f", "d", 24).human(), human);
        assertTrue(human.contains(" clusterip_hash=sourceip-sourceport hash_seed=0x00000000 "), human);
        assertTrue(human.contains(MigrationGuide.CUT_ONCE), human);
        assertFalse(human.contains(MigrationGuide.KEPT), human);
    }
}
