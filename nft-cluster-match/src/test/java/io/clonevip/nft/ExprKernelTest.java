package io.clonevip.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.nft.expr.Byteorder;
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Counter;
import io.clonevip.nft.expr.Ct;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Hash;
import io.clonevip.nft.expr.Immediate;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.NftData;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import io.clonevip.nft.expr.Verdict;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.TestNetns;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every expression shape the model has, accepted by the kernel, read back equal, listed by nft. */
class ExprKernelTest {
    static final String T = "exprs";

    static Rule rule(String chain, Expr... e) { return Rule.of(Family.INET, T, chain, List.of(e)); }

    static List<Rule> rules() {
        return List.of(
                // ip saddr as a host-order u32 hashed (CLUSTERIP-style), into the ct mark
                rule("pre", Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(2)),
                        Payload.load(Payload.NETWORK, 12, 4, Reg.R1), Byteorder.ntoh(Reg.R1, Reg.R1, 4, 4),
                        Hash.jhash(Reg.R1, 4, 10, 5, 0, Reg.R1), Ct.set(Ct.MARK, Reg.R1)),
                // meta mark set symhash mod 2
                rule("pre", new Hash(Hash.SYM, 0, Reg.R1, 0, 2, 0, 0), Meta.set(Meta.MARK, Reg.R1)),
                // ct original ip saddr 198.51.100.1 jump sub
                rule("pre", Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(2)),
                        new Ct(nf_tables_h.NFT_CT_SRC_IP(), Reg.R1, -1, 0), Cmp.eq(Reg.R1, Bytes.of(198, 51, 100, 1)), Immediate.jump("sub")),
                // tcp dport set 8080 (checksum fixed with the pseudo header)
                rule("sub", Meta.load(Meta.L4PROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(6)), Immediate.data(Reg.R1, NftData.be16(8080)),
                        new Payload(-1, Reg.R1, Payload.TRANSPORT, 2, 2, nf_tables_h.NFT_PAYLOAD_CSUM_INET(), 16, nf_tables_h.NFT_PAYLOAD_L4CSUM_PSEUDOHDR())),
                rule("sub", Counter.zero(), Immediate.verdict(Verdict.RETURN)));
    }

    @Test
    void everyShapeRoundTripsThroughTheKernel() throws Exception {
        try (TestNetns ns = TestNetns.create("nftexpr")) {
            TableContents back = NetNs.call(ns.name(), () -> {
                try (NftConn c = NftConn.open()) {
                    Batch b = new Batch().addTable(Table.of(Family.INET, T))
                            .addChain(Chain.base(Family.INET, T, "pre", Hook.PREROUTING, Chain.PRIO_MANGLE, "filter", Verdict.ACCEPT))
                            .addChain(Chain.regular(Family.INET, T, "sub"));
                    rules().forEach(b::addRule);
                    c.apply(b, 0);
                    return c.readTable(Family.INET, T);
                }
            });
            assertEquals(rules().stream().map(Rule::exprs).toList(), back.rules().stream().map(Rule::exprs).toList());
            Cmd list = ns.exec("nft", "list", "ruleset");
            System.out.println("nft list ruleset -> exit " + list.exit() + "\n" + list.out() + list.err());
            assertEquals(0, list.exit(), list.err());
            // trap: nft 1.0.6 lists the byteorder + jhash rule WITHOUT the ntoh, i.e. as a different hash;
            // the listing of a CLUSTERIP-compatible hash is not a faithful, re-applicable copy
            assertEquals(true, list.out().contains("\t\tct mark set jhash ip saddr mod 10 seed 0x5\n"), list.out());
            assertEquals(true, list.out().contains("tcp dport set 8080"), list.out());
        }
    }
}
