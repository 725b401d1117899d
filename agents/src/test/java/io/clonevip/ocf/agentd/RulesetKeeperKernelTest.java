package io.clonevip.ocf.agentd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.testkit.Poll;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.net.TestNetns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's keeper finds the namespace whose first VIP an agent just recorded (without a
 * restart: its directory listing), puts back the table a firewall reload flushed, and says so
 * in the daemon's log naming the VIP, the namespace and what it found.
 */
class RulesetKeeperKernelTest {
    @TempDir
    Path root;

    @Test
    void aNamespaceRecordedAfterTheStartIsKeptAndTheRepairLogged() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DaemonLog log = new DaemonLog(new PrintStream(err, true, StandardCharsets.UTF_8), false);
        try (TestNetns ns = TestNetns.create("keeper"); RulesetKeeper keeper = RulesetKeeper.start(root, log)) {
            DesiredStates store = DesiredStates.at(root, ns.name());
            ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(2).build();
            NetNs.run(ns.name(), () -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c, store).apply(spec, BucketSet.of(2, 2)); } });
            Poll.until("the keeper finds the new namespace", Duration.ofMillis(3 * RulesetKeeper.RESCAN_MS),
                    () -> err.toString(StandardCharsets.UTF_8).contains("keeping the clonevip tables of network namespace " + ns.name()));
            ns.execOk("nft", "flush", "ruleset");
            Poll.until("the repair is logged", Duration.ofSeconds(5),
                    () -> err.toString(StandardCharsets.UTF_8).contains("repaired 198.51.100.100 in netns " + ns.name()));
            String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("clonevip-agentd: repaired 198.51.100.100 in netns " + ns.name()) && text.contains("tables clonevip_198_51_100_100 missing"), text);
            assertTrue(ns.execOk("nft", "list", "set", "inet", "clonevip_198_51_100_100", "cv_local").contains("0x00000002"), "bucket 2 is back");
        }
    }
}
