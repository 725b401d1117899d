package io.clonevip.clusterip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.ip_tables_h;
import io.clonevip.testkit.net.TestNetns;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table codec against the running kernel's legacy iptables (this host's kernel still has
 * ip_tables, not CLUSTERIP): a table with a user chain, jumps, matches and counters set up by
 * iptables-legacy is read, changed and written back by our code, and iptables-legacy-save must
 * show exactly the intended change with every counter kept.
 */
class IptTableKernelTest {
    private static final int INPUT = ip_tables_h.NF_INET_LOCAL_IN();

    @Test
    void insertAndRemoveKeepForeignRulesJumpsAndCounters() throws Exception {
        try (TestNetns ns = TestNetns.create("ipt")) {
            ipt(ns, "-N", "cvchain");
            ipt(ns, "-A", "INPUT", "-c", "7", "700", "-s", "198.51.100.7", "-j", "cvchain");
            ipt(ns, "-A", "INPUT", "-c", "2", "200", "-p", "udp", "--dport", "53", "-j", "DROP");
            ipt(ns, "-A", "cvchain", "-c", "3", "300", "-p", "tcp", "--dport", "22", "-j", "ACCEPT");
            ipt(ns, "-A", "cvchain", "-c", "4", "400", "-j", "RETURN");
            ipt(ns, "-A", "OUTPUT", "-c", "1", "100", "-d", "203.0.113.1", "-j", "DROP");
            List<String> before = save(ns);

            IptEntry[] added = new IptEntry[1];
            NetNs.run(ns.name(), () -> {
                try (XtablesLock lock = XtablesLock.acquire(); IptSocket s = IptSocket.open()) {
                    IptTable t = s.read("filter");
                    assertEquals(2, t.chain(INPUT).size());
                    assertTrue(t.jumpTarget(t.chain(INPUT).get(0)).isPresent(), "jump to the user chain resolved");
                    assertEquals(7, t.chain(INPUT).get(0).packets());
                    added[0] = IptEntry.build(addr(198, 51, 100, 100), -1, "lo", "", 0, verdict(-ip_tables_h.NF_DROP() - 1));
                    s.replace(t, t.insertAtChainStart(INPUT, added[0]));
                }
            });
            List<String> expected = new ArrayList<>(before);
            expected.add(expected.indexOf("[7:700] -A INPUT -s 198.51.100.7/32 -j cvchain"),
                    "[0:0] -A INPUT -d 198.51.100.100/32 -i lo -j DROP");
            assertEquals(expected, save(ns));

            NetNs.run(ns.name(), () -> {
                try (XtablesLock lock = XtablesLock.acquire(); IptSocket s = IptSocket.open()) {
                    IptTable t = s.read("filter");
                    IptEntry ours = t.chain(INPUT).get(0);
                    assertEquals("lo", ours.inIface());
                    assertThrows(IllegalArgumentException.class, () -> t.remove(t.policy(INPUT)));
                    s.replace(t, t.remove(ours));
                }
            });
            assertEquals(before, save(ns));
        }
    }

    @Test
    void replaceFromAStaleReadIsRefused() throws Exception {
        try (TestNetns ns = TestNetns.create("ipt")) {
            NetNs.run(ns.name(), () -> {
                try (IptSocket s = IptSocket.open()) {
                    IptTable stale = s.read("filter");
                    ipt(ns, "-A", "INPUT", "-s", "198.51.100.9", "-j", "ACCEPT");
                    IptEntry e = IptEntry.build(addr(198, 51, 100, 100), -1, "", "", 0, verdict(-ip_tables_h.NF_ACCEPT() - 1));
                    var ex = assertThrows(io.clonevip.nativ.KernelException.class, () -> s.replace(stale, stale.insertAtChainStart(INPUT, e)));
                    assertTrue(ex.is(io.clonevip.nativ.Errno.EAGAIN), ex.getMessage());
                }
            });
            assertTrue(save(ns).contains("[0:0] -A INPUT -s 198.51.100.9/32 -j ACCEPT"), "the concurrent change survived");
        }
    }

    static void ipt(TestNetns ns, String... args) {
        List<String> a = new ArrayList<>(List.of("iptables-legacy", "-w", "-t", "filter"));
        a.addAll(List.of(args));
        ns.execOk(a.toArray(String[]::new));
    }

    /** iptables-legacy-save -c of the filter table without its comment lines. */
    static List<String> save(TestNetns ns) {
        return ns.execOk("iptables-legacy-save", "-c", "-t", "filter").lines().filter(l -> !l.startsWith("#")).toList();
    }

    static int addr(int a, int b, int c, int d) {
        return ByteBuffer.wrap(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}).order(ByteOrder.nativeOrder()).getInt();
    }

    static byte[] verdict(int v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(v).array();
    }
}
