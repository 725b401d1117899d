package io.clonevip.cluster;

import io.clonevip.nft.Family;
import io.clonevip.nft.NftSet;
import io.clonevip.nft.Rule;
import io.clonevip.nft.expr.Bitwise;
import io.clonevip.nft.expr.Byteorder;
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Ct;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Hash;
import io.clonevip.nft.expr.Immediate;
import io.clonevip.nft.expr.Lookup;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.NftData;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import io.clonevip.nft.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The hash rules that reproduce the iptables CLUSTERIP target's choice of node, so that a node
 * moved from CLUSTERIP to clonevip keeps every client's bucket, and, since CLUSTERIP also kept
 * the node number in the conntrack mark, every established connection.
 *
 * <p>CLUSTERIP hashes {@code jhash_Nwords(ntohl(saddr)[, sport[, dport]], hash_init)} with the
 * ports read raw from the packet ({@code proto_ports_offset}: offset 0 for TCP, UDP, DCCP, ESP,
 * SCTP, UDP-Lite, offset 4 for AH, none — zeros — for the rest). The kernel's {@code jhash(bytes,
 * len, seed)} over 32-bit registers equals {@code jhash_Nwords} over the same words, so:
 * the source address is loaded and converted to host order ({@code byteorder ntoh}), each port
 * is loaded as 2 raw bytes into its own zeroed 32-bit register, and protocols without ports get
 * zero registers. The nft CLI cannot write these rules, and nft 1.0.6 lists them without the
 * byteorder step (see docs/developer/hashing.md).
 */
final class ClusteripCompatibleRules {
    private ClusteripCompatibleRules() {}

    private static final int IPPROTO_AH = 51;

    static List<Rule> of(ClusterIpSpec spec, String table, RulesetLayout layout, List<Expr> matchVip, List<Expr> ctNew, int idPorts, int idNoPorts) {
        HashMode m = spec.hashMode().clusteripMode();
        int n = spec.buckets();
        int seed = (int) spec.seed();
        int words = m == HashMode.SOURCE_IP ? 1 : m == HashMode.SOURCE_IP_SOURCE_PORT ? 2 : 3;
        List<Rule> rules = new ArrayList<>();
        if (words == 1) {
            rules.add(rule(table, layout, matchVip, ctNew, List.of(), saddrHost(), List.of(), words, n, seed));
            return rules;
        }
        List<Expr> l4 = List.of(Meta.load(Meta.L4PROTO, Reg.R1));
        rules.add(rule(table, layout, matchVip, ctNew,
                cat(l4, List.of(Lookup.of(Reg.R1, NftSet.ANONYMOUS_NAME, idPorts))), saddrHost(), ports(0, words), words, n, seed));
        rules.add(rule(table, layout, matchVip, ctNew,
                cat(l4, List.of(Cmp.eq(Reg.R1, Bytes.of(IPPROTO_AH)))), saddrHost(), ports(4, words), words, n, seed));
        rules.add(rule(table, layout, matchVip, ctNew,
                cat(l4, List.of(Lookup.notIn(Reg.R1, NftSet.ANONYMOUS_NAME, idNoPorts))), saddrHost(), zeros(words, layout), words, n, seed));
        return rules;
    }

    /**
     * The bucket of a TCP or UDP packet (ports at offset 0) into register 1, as the mark rule
     * computes it for a new connection: for the early drop before conntrack.
     */
    static List<Expr> portsAt0Hash(ClusterIpSpec spec) {
        HashMode m = spec.hashMode().clusteripMode();
        int words = m == HashMode.SOURCE_IP ? 1 : m == HashMode.SOURCE_IP_SOURCE_PORT ? 2 : 3;
        List<Expr> e = new ArrayList<>(saddrHost());
        e.addAll(ports(0, words));
        e.add(Hash.jhash(Reg.R2, 4 * words, spec.buckets(), (int) spec.seed(), 1, Reg.R1));
        return e;
    }

    /** {@code ntohl(saddr)} in register 2. */
    private static List<Expr> saddrHost() {
        return List.of(Payload.load(Payload.NETWORK, 12, 4, Reg.R2), Byteorder.ntoh(Reg.R2, Reg.R2, 4, 4));
    }

    /** The raw 16-bit port fields at {@code offset} in the 32-bit registers after register 2. */
    private static List<Expr> ports(int offset, int words) {
        List<Expr> l = new ArrayList<>();
        for (int w = 1; w < words; w++) l.add(Payload.load(Payload.TRANSPORT, offset + 2 * (w - 1), 2, Reg.after(Reg.R2, w)));
        return l;
    }

    /**
     * Zero words in the registers after register 2: {@code meta mark & 0x00000000}, which nft lists
     * and parses back; the {@link RulesetLayout#V1} immediates list as {@code 0x0 [invalid type]},
     * a line that makes {@code nft -f} refuse the whole file.
     */
    private static List<Expr> zeros(int words, RulesetLayout layout) {
        List<Expr> l = new ArrayList<>();
        for (int w = 1; w < words; w++) {
            int reg = Reg.after(Reg.R2, w);
            if (layout.listableZeros()) {
                l.add(Meta.load(Meta.MARK, reg));
                l.add(Bitwise.and(reg, reg, NftData.hostU32(0)));
            } else {
                l.add(Immediate.data(reg, NftData.hostU32(0)));
            }
        }
        return l;
    }

    private static Rule rule(String table, RulesetLayout layout, List<Expr> matchVip, List<Expr> ctNew, List<Expr> proto, List<Expr> saddr,
                             List<Expr> ports, int words, int n, int seed) {
        List<Expr> e = cat(matchVip, ctNew);
        e.addAll(proto);
        e.addAll(saddr);
        e.addAll(ports);
        e.add(Hash.jhash(Reg.R2, 4 * words, n, seed, 1, Reg.R1));
        e.add(Ct.set(Ct.MARK, Reg.R1));
        return Rule.of(Family.INET, table, layout.pre(), e);
    }

    private static List<Expr> cat(List<Expr> a, List<Expr> b) {
        List<Expr> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}
