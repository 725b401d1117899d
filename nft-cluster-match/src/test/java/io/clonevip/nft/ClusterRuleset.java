package io.clonevip.nft;

import io.clonevip.nft.expr.Bitwise;
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Counter;
import io.clonevip.nft.expr.Ct;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Hash;
import io.clonevip.nft.expr.Immediate;
import io.clonevip.nft.expr.Lookup;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.NftData;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import io.clonevip.nft.expr.Verdict;
import io.clonevip.nft.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The ruleset of design/dataplane.md built with the model, message for message as nft 1.0.6
 * sends it (set ids 1, 2, 3; anonymous sets right before the rule using them).
 */
final class ClusterRuleset {
    static final Family INET = Family.INET;
    static final String TABLE = "cluster";
    static final int SEED = 0xc1057e12;

    final Bytes vip;
    final int buckets;
    final List<Integer> local;

    ClusterRuleset(Bytes vip, int buckets, List<Integer> local) {
        this.vip = vip;
        this.buckets = buckets;
        this.local = local;
    }

    /** Node n1 of the lab: VIP 192.0.2.100, 12 buckets, owns 1..4. */
    static ClusterRuleset n1Lab() { return new ClusterRuleset(Bytes.of(192, 0, 2, 100), 12, List.of(1, 2, 3, 4)); }

    Table table() { return Table.of(INET, TABLE); }

    Chain pre() { return Chain.base(INET, TABLE, "pre", Hook.PREROUTING, Chain.PRIO_MANGLE, "filter", Verdict.ACCEPT); }

    NftSet localSet() { return NftSet.marks(INET, TABLE, "local", 1, false); }

    static NftSet l4protoSet(int id) {
        return NftSet.anonymous(INET, TABLE, NftSet.TYPE_INET_PROTOCOL, 1, id, 2, NftUserdata.setTypeofMeta(NftUserdata.HOST_ENDIAN, Meta.L4PROTO));
    }

    static List<SetElement> tcpUdp() { return List.of(SetElement.of(Bytes.of(6)), SetElement.of(Bytes.of(17))); }

    List<SetElement> localElements() { return local.stream().map(SetElement::mark).toList(); }

    /** {@code ip daddr VIP}: meta nfproto == ipv4, payload daddr == VIP. */
    List<Expr> ipDaddr() {
        return List.of(Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(2)),
                Payload.load(Payload.NETWORK, 16, 4, Reg.R1), Cmp.eq(Reg.R1, vip));
    }

    static List<Expr> ctStateNew() {
        return List.of(Ct.load(Ct.STATE, Reg.R1), Bitwise.and(Reg.R1, Reg.R1, NftData.hostU32(Ct.STATE_NEW)),
                Cmp.neq(Reg.R1, NftData.hostU32(0)));
    }

    /** Rule 1 (with ports) or rule 2 (address only); {@code setName}/{@code setId} of its l4proto set. */
    Rule hashRule(boolean ports, String setName, int setId) {
        List<Expr> e = new ArrayList<>(ipDaddr());
        e.addAll(ctStateNew());
        e.add(Meta.load(Meta.L4PROTO, Reg.R1));
        e.add(ports ? Lookup.of(Reg.R1, setName, setId) : Lookup.notIn(Reg.R1, setName, setId));
        e.add(Payload.load(Payload.NETWORK, 12, 4, Reg.R2));
        if (ports) e.add(Payload.load(Payload.TRANSPORT, 0, 2, Reg.after(Reg.R2, 1)));
        e.add(Hash.jhash(Reg.R2, ports ? 8 : 4, buckets, SEED, 1, Reg.R1));
        e.add(Ct.set(Ct.MARK, Reg.R1));
        return Rule.of(INET, TABLE, "pre", e);
    }

    Rule acceptRule(int localSetId) {
        List<Expr> e = new ArrayList<>(ipDaddr());
        e.addAll(List.of(Ct.load(Ct.MARK, Reg.R1), Lookup.of(Reg.R1, "local", localSetId),
                Immediate.data(Reg.R1, Bytes.of(0)), Meta.set(Meta.PKTTYPE, Reg.R1), Counter.zero(), Immediate.verdict(Verdict.ACCEPT)));
        return Rule.of(INET, TABLE, "pre", e);
    }

    Rule dropRule() {
        List<Expr> e = new ArrayList<>(ipDaddr());
        e.addAll(List.of(Counter.zero(), Immediate.verdict(Verdict.DROP)));
        return Rule.of(INET, TABLE, "pre", e);
    }

    /** The batch nft sent for {@code table inet cluster { ... }}. */
    Batch inetBatch() {
        Batch b = new Batch();
        b.addTable(table()).addChain(pre()).addSet(localSet()).addElements(localSet(), localElements());
        b.addSet(l4protoSet(2)).addElements(l4protoSet(2), tcpUdp()).addRule(hashRule(true, NftSet.ANONYMOUS_NAME, 2));
        b.addSet(l4protoSet(3)).addElements(l4protoSet(3), tcpUdp()).addRule(hashRule(false, NftSet.ANONYMOUS_NAME, 3));
        b.addRule(acceptRule(1)).addRule(dropRule());
        return b;
    }

    // ---- table arp clarp ----

    static Table arpTable() { return Table.of(Family.ARP, "clarp"); }

    static Chain arpOut() { return Chain.base(Family.ARP, "clarp", "out", Hook.OUTPUT, Chain.PRIO_FILTER, "filter", Verdict.ACCEPT); }

    /** {@code arp htype 1 arp ptype ip arp hlen 6 arp plen 4 arp saddr ip VIP arp saddr ether set MAC counter}. */
    Rule arpRule(Bytes mac) {
        return Rule.of(Family.ARP, "clarp", "out", List.of(
                Payload.load(Payload.NETWORK, 0, 4, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(0, 1, 8, 0)),
                Payload.load(Payload.NETWORK, 4, 2, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(6, 4)),
                Payload.load(Payload.NETWORK, 14, 4, Reg.R1), Cmp.eq(Reg.R1, vip),
                Immediate.data(Reg.R1, mac), Payload.write(Reg.R1, Payload.NETWORK, 8, 6), Counter.zero()));
    }

    static Bytes clusterMac() { return Bytes.of(0x01, 0x00, 0x5e, 0x00, 0x02, 0x64); }

    Batch arpBatch() {
        return new Batch().addTable(arpTable()).addChain(arpOut()).addRule(arpRule(clusterMac()));
    }
}
