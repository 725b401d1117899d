package io.clonevip.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.expr.Lookup;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import io.clonevip.nft.expr.Verdict;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.TestNetns;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-element counters of a set with a counter, read back after traffic on the namespace's loopback. */
class SetCounterKernelTest {

    @Test
    void elementCountersCountLookupHits() throws Exception {
        try (TestNetns ns = TestNetns.create("nftcnt")) {
            Table t = Table.of(Family.INET, "cnt");
            NftSet dst = new NftSet(Family.INET, "cnt", "dst", 0, NftSet.TYPE_IPADDR, 4, 1, 0,
                    NftUserdata.setKeyByteorder(NftUserdata.BIG_ENDIAN), true, 0);
            Chain out = Chain.base(Family.INET, "cnt", "out", Hook.OUTPUT, Chain.PRIO_FILTER, "filter", Verdict.ACCEPT);
            // meta nfproto ipv4 ip daddr @dst
            Rule r = Rule.of(Family.INET, "cnt", "out", List.of(Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(2)),
                    Payload.load(Payload.NETWORK, 16, 4, Reg.R1), Lookup.of(Reg.R1, "dst", 1))).withComment("count loopback");
            NetNs.run(ns.name(), () -> {
                try (NftConn c = NftConn.open()) {
                    Batch b = new Batch().addTable(t).addChain(out).addSet(dst).addElements(dst, List.of(SetElement.of(Bytes.of(127, 0, 0, 1)),
                            SetElement.of(Bytes.of(127, 0, 0, 2)))).addRule(r);
                    c.transact(() -> new Plan<>(b, null));
                }
            });
            Cmd ping = ns.exec("ping", "-c", "2", "-i", "0.2", "-W", "1", "127.0.0.1");
            assertEquals(0, ping.exit(), ping.out() + ping.err());
            TableContents back = NetNs.call(ns.name(), () -> {
                try (NftConn c = NftConn.open()) {
                    return c.readTable(Family.INET, "cnt");
                }
            });
            assertTrue(back.set("dst").counter(), "set keeps its counter expression");
            assertEquals("count loopback", back.rules("out").get(0).comment());
            for (SetElement e : back.elements().get("dst")) {
                assertNotNull(e.counter(), "element " + e.key() + " has a counter");
                if (e.key().equals(Bytes.of(127, 0, 0, 1))) assertTrue(e.counter().packets() >= 4, "2 requests + 2 replies: " + e);
                else assertEquals(0, e.counter().packets(), e.toString());
            }
            String list = ns.execOk("nft", "list", "ruleset");
            assertTrue(list.contains("comment \"count loopback\""), list);
            assertTrue(list.contains("type ipv4_addr"), list);
            assertTrue(list.matches("(?s).*127\\.0\\.0\\.1 counter packets [1-9].*"), list);
        }
    }
}
