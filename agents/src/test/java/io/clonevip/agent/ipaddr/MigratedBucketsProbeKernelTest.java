package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.VipAddress;
import io.clonevip.clusterip.ClusterIpHashMode;
import io.clonevip.clusterip.ClusterIpParams;
import io.clonevip.clusterip.ClusterIpRule;
import io.clonevip.clusterip.ClusterIpTarget;
import io.clonevip.clusterip.ClusteripToNft;
import io.clonevip.nativ.NetNs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IPaddr3's probe over buckets that {@code netctl migrate --apply --keep-connections} put in
 * place (the clusterip-compatible ruleset of {@link ClusteripToNft#spec}, bucket 2 of 3 here, no
 * start record): with the CIB's parameters matching, the local instance is running and the
 * others not, nothing changes; with a hash mode or seed that does not match, the exit reason
 * names each difference (docs/user/migration.md, "Hand-over to Pacemaker") and nothing changes either.
 */
class MigratedBucketsProbeKernelTest {
    private static final String MAC = "01:00:5e:11:22:33";

    private VipNetns lab;
    private Path rscTmp;

    @BeforeEach
    void lab() throws Exception {
        lab = VipNetns.create("ip3mig");
        rscTmp = Files.createTempDirectory("clonevip-ipaddr3-mig-");
    }

    @AfterEach
    void teardown() throws Exception {
        lab.close();
        try (var files = Files.list(rscTmp)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(rscTmp);
    }

    /** CLUSTERIP {@code --hashmode mode --hash-init 0 --total-nodes 3}, local node 2, moved to nft. */
    private ClusterIpSpec migrated(ClusterIpHashMode mode) throws Exception {
        ClusterIpSpec spec = ClusteripToNft.spec(new ClusterIpRule(ClusterIpParams.ipv4(VipNetns.VIP), VipNetns.NIC,
                new ClusterIpTarget(true, mode, MAC.toUpperCase(), 3, List.of(2), 0)));
        NetNs.run(lab.name(), () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) {
                n.apply(spec, VipAddress.of(24), BucketSet.of(3, 2));
            }
        });
        return spec;
    }

    private AgentRun probe(int instance, Map<String, String> params) throws Exception {
        Map<String, String> env = VipNetns.probe(VipNetns.clone("p_cluster_vip", rscTmp.toString(), instance, 3));
        env.putAll(params);
        return AgentRun.in(lab.name(), new IPaddr3(e -> new RecordingPublisher()), env, "monitor");
    }

    private String kernel() {
        return lab.ns.execOk("nft", "list", "ruleset") + lab.ns.ip("-o", "addr", "show") + lab.ns.ip("maddr", "show", "dev", VipNetns.NIC);
    }

    @Test
    void matchingParametersFindTheBucketRunningWhereItIs() throws Exception {
        ClusterIpSpec spec = migrated(ClusterIpHashMode.SOURCE_IP_SOURCE_PORT);
        Map<String, String> params = Map.of("OCF_RESKEY_clusterip_hash", spec.hashMode().keyword(),
                "OCF_RESKEY_hash_seed", "0x00000000", "OCF_RESKEY_mac", MAC);
        String before = kernel();
        assertEquals(0, probe(1, params).rc(), probe(1, params).toString());
        assertEquals(7, probe(0, params).rc());
        assertEquals(7, probe(2, params).rc());
        assertEquals(before, kernel(), "a probe changes nothing");
    }

    @Test
    void aHashModeOrSeedThatDoesNotMatchIsNamed() throws Exception {
        migrated(ClusterIpHashMode.SOURCE_IP);
        String before = kernel();
        AgentRun r = probe(1, Map.of("OCF_RESKEY_clusterip_hash", "sourceip-sourceport", "OCF_RESKEY_hash_seed", "0",
                "OCF_RESKEY_mac", MAC));
        assertEquals(1, r.rc(), r.toString());
        assertEquals(List.of("hash mode in parameters sourceip-sourceport, running ruleset clusterip-compatible-sourceip"),
                r.exitReasons());

        r = probe(1, Map.of("OCF_RESKEY_clusterip_hash", "clusterip-compatible-sourceip", "OCF_RESKEY_mac", MAC));
        assertEquals(1, r.rc(), r.toString());
        String defaultSeed = String.format("0x%08x", ClusterIpSpec.defaultSeed(ClusterIpParams.ipv4(VipNetns.VIP)));
        assertEquals(List.of("seed in parameters " + defaultSeed + ", running ruleset 0x00000000"), r.exitReasons());

        r = probe(1, Map.of("OCF_RESKEY_mac", MAC)); // neither hash mode nor seed copied into the CIB
        assertEquals(1, r.rc(), r.toString());
        assertEquals(List.of("hash mode / seed in parameters sourceip-sourceport / " + defaultSeed
                + ", running ruleset clusterip-compatible-sourceip / 0x00000000"), r.exitReasons());
        r = probe(1, Map.of()); // nothing: the MAC differs too; Pacemaker keeps 128 characters, the log has it all
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.exitReasons().getFirst().startsWith("hash mode / seed / mac in parameters sourceip-sourceport / "
                + defaultSeed + " / "), r.toString());
        assertTrue(r.err().contains(", running ruleset clusterip-compatible-sourceip / 0x00000000 / " + MAC), r.toString());
        assertEquals(7, probe(0, Map.of()).rc(), "another bucket is not here, whatever the ruleset");
        assertEquals(before, kernel(), "a probe changes nothing");
    }
}
