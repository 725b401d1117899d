package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.RulesetGuard;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.net.TestNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code netctl status} names every departure of the kernel from the node's desired state
 * (buckets added by hand, a rule clonevip did not write in its chain, tables missing) and who
 * repaired it; {@code netctl buckets} records the desired state it sets. Real kernel, a namespace
 * of its own; the desired states go where the daemon reads them (/run/clonevip/desired, its
 * {@code netns-NAME} directory deleted afterwards).
 */
class StatusDesiredKernelTest {
    static final String VIP = "198.51.100.100";
    static final String TABLE = "clonevip_198_51_100_100";

    TestNetns ns;
    DesiredStates store;

    @BeforeEach
    void setUp() throws Exception {
        ns = TestNetns.create("nstat");
        store = DesiredStates.at(DesiredStates.DEFAULT_ROOT, ns.name());
        ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(3).build();
        NetNs.run(ns.name(), () -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c, store).apply(spec, BucketSet.of(3, 1)); } });
    }

    @AfterEach
    void tearDown() throws Exception {
        ns.close();
        if (Files.isDirectory(store.dir())) {
            try (Stream<Path> all = Files.walk(store.dir())) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private Cli status(String... more) {
        String[] a = new String[3 + more.length];
        a[0] = "--netns";
        a[1] = ns.name();
        a[2] = "status";
        System.arraycopy(more, 0, a, 3, more.length);
        Cli r = Cli.run(a);
        assertEquals(0, r.exit(), r.err() + r.out());
        return r;
    }

    @Test
    void namesEachDepartureAndTheRepair() throws Exception {
        assertEquals(0, Cli.run("--netns", ns.name(), "buckets", "add", VIP, "2").exit());
        assertEquals(BucketSet.of(3, 1, 2), store.read(InetAddress.getByName(VIP)).local(), "netctl records what it sets");
        assertTrue(status().out().contains("  desired: local 1-2 (held by the kernel)"), status().out());

        ns.execOk("nft", "add", "element", "inet", TABLE, "cv_local", "{ 3 }");
        ns.execOk("nft", "insert", "rule", "inet", TABLE, "cv_pre", "accept");
        String out = status().out();
        assertTrue(out.contains("  departures from the desired state:\n"), out);
        assertTrue(out.contains("    - local buckets 1-3, desired 1-2\n"), out);
        assertTrue(out.contains("a rule clonevip did not write was added to it"), out);
        assertTrue(status("--json").out().contains("\"held\":false"), status("--json").out());

        ns.execOk("nft", "delete", "table", "inet", TABLE);
        out = status().out();
        assertTrue(out.contains(String.format("%-16s tables missing%n", VIP)), out);
        assertTrue(out.contains("    - tables " + TABLE + " missing"), out);

        try (RulesetGuard g = RulesetGuard.start(store, "clonevip-agentd pid 1", m -> { })) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!status().out().contains("(held by the kernel)") && System.nanoTime() < deadline) Thread.sleep(2);
        }
        out = status().out();
        assertTrue(out.contains("  desired: local 1-2 (held by the kernel)"), out);
        assertTrue(out.contains("  last repair: ") && out.contains(" by clonevip-agentd pid 1, "), out);
        assertTrue(out.contains("tables " + TABLE + " missing"), "what it found: " + out);
    }
}
