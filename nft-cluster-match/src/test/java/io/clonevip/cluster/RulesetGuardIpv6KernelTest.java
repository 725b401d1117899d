package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.TestNetns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clonevip-agentd's ruleset guard repairs an IPv6 VIP's table: its thread runs outside the
 * namespace it guards, so the NIC's MAC for the {@code cv_na} rules comes over the rtnetlink
 * socket it opened there ({@link NicMacs#over}).
 */
class RulesetGuardIpv6KernelTest {
    static final ClusterIpSpec SPEC = ClusterIpSpec.builder().vip("2001:db8:1::100").nic("eth0").buckets(3).build();
    static final String TABLE = ClusterRuleset.tableName(SPEC.vip());

    @TempDir
    Path root;
    TestNetns ns;
    RulesetGuard guard;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        ns = TestNetns.create("guard6");
        ns.ip("link", "add", "eth0", "address", "02:00:5e:10:00:07", "type", "veth", "peer", "name", "eth0p");
        DesiredStates store = DesiredStates.at(root, ns.name());
        NetNs.run(ns.name(), () -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c, store).apply(SPEC, BucketSet.of(3, 2)); } });
        guard = RulesetGuard.start(store, "test", log::add);
    }

    @AfterEach
    void tearDown() {
        if (guard != null) guard.close();
        ns.close();
    }

    private ClusterState state() throws Exception {
        return NetNs.call(ns.name(), () -> { try (NftConn c = NftConn.open()) { return new ClusterIpTables(c).state(SPEC.vip()); } });
    }

    private ClusterState repaired(String what) {
        return Poll.until(what, Duration.ofSeconds(5), () -> {
            try {
                return Optional.ofNullable(state()).filter(ClusterState::current);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, () -> log.toString());
    }

    @Test
    void aDeletedTableAndAFlushedNaChainAreRepaired() throws Exception {
        assertTrue(state().current());
        ns.execOk("nft", "delete", "table", "inet", TABLE);
        assertEquals("2", repaired("the table back").local().format());
        ns.execOk("nft", "flush", "chain", "inet", TABLE, "cv_na");
        assertEquals("2", repaired("the NA and NS rewrites back").local().format());
        assertTrue(ns.execOk("nft", "list", "chain", "inet", TABLE, "cv_na").contains("0x20102005e100007"), "built for eth0's MAC");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("repaired 2001:db8:1::100")), log.toString());
    }
}
