package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nft.Family;
import io.clonevip.nft.Hook;
import io.clonevip.nft.Rule;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Immediate;
import io.clonevip.nft.expr.Payload;
import io.clonevip.packet.UnsolicitedNa;
import io.clonevip.rtnl.MacAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NeighbourAdvertRewriteTest {
    static final Inet6Address VIP = (Inet6Address) InetAddress.ofLiteral("2001:db8:1::100");
    static final ClusterMac MAC = ClusterMac.forIpv6(VIP); // 33:33:00:00:01:00
    static final MacAddress NIC = MacAddress.of(new byte[] {2, 0, 0, 0, 1, 1});
    /** The rule as nft text; NeighbourAdvertKernelTest#nftWritesTheRuleAsWeDo has nft send it and compares. */
    static final String NFT_TEXT = "meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type nd-neighbor-advert @th,48,16 0 "
            + "@th,64,128 0x20010db8000100000000000000000100 @th,192,64 0x0201020000000101 "
            + "@th,48,16 set 0xcecd @th,208,48 set 0x333300000100 counter";
    /** Offset of the ICMPv6 header in {@link UnsolicitedNa#frame}: Ethernet 14 + IPv6 40. */
    static final int ICMP = 54;

    /**
     * {@code nft --debug=netlink -f} (1.0.6) of {@link #NFT_TEXT}, checked against nft itself by
     * NeighbourAdvertKernelTest#nftWritesTheRuleAsWeDo: both writes without checksum attributes.
     */
    static final String GOLDEN = """
              [ meta load nfproto => reg 1 ]
              [ cmp eq reg 1 0x0000000a ]
              [ meta load l4proto => reg 1 ]
              [ cmp eq reg 1 0x0000003a ]
              [ payload load 1b @ transport header + 0 => reg 1 ]
              [ cmp eq reg 1 0x00000088 ]
              [ payload load 2b @ transport header + 6 => reg 1 ]
              [ cmp eq reg 1 0x00000000 ]
              [ payload load 16b @ transport header + 8 => reg 1 ]
              [ cmp eq reg 1 0xb80d0120 0x00000100 0x00000000 0x00010000 ]
              [ payload load 8b @ transport header + 24 => reg 1 ]
              [ cmp eq reg 1 0x00020102 0x01010000 ]
              [ immediate reg 1 0x0000cdce ]
              [ payload write reg 1 => 2b @ transport header + 6 csum_type 0 csum_off 0 csum_flags 0x0 ]
              [ immediate reg 1 0x00003333 0x00000001 ]
              [ payload write reg 1 => 6b @ transport header + 26 csum_type 0 csum_off 0 csum_flags 0x0 ]
              [ counter pkts 0 bytes 0 ]""";

    @Test
    void expressionsAreNfts() {
        Rule r = NeighbourAdvertRewrite.rule("t", NeighbourAdvertRewrite.CHAIN, VIP, MAC, NIC);
        assertEquals(GOLDEN, r.debugString().stripIndent());
        assertEquals(Family.INET, r.family());
        assertEquals(Hook.OUTPUT, NeighbourAdvertRewrite.chain("t", NeighbourAdvertRewrite.CHAIN).hook());
        for (Expr e : r.exprs()) {
            if (e instanceof Payload p && p.isWrite()) assertEquals(0, p.csumType(), "no checksum attributes: " + p);
        }
    }

    /** By hand for the golden's MACs: old words 0200 0000 0101 (sum 0301), new 3333 0000 0100 (sum 3433); Δ = 3132, K = ~Δ = cecd. */
    @Test
    void compensationIsTheNegatedChange() {
        assertEquals(0xcecd, NeighbourAdvertRewrite.compensation(NIC, MAC));
        assertEquals(0, NeighbourAdvertRewrite.compensation(MacAddress.of(MAC.bytes()), MAC), "no change: K = 0");
        // a change of exactly one's-complement zero (+0xffff): ~0xffff = 0
        assertEquals(0, NeighbourAdvertRewrite.compensation(MacAddress.of(new byte[] {0x33, 0x33, 0, 0, 0, 0}),
                ClusterMac.parse("33:33:ff:ff:00:00")));
    }

    /**
     * An NA frame (built and checksummed as {@link UnsolicitedNa} does, the TLLA holding the NIC's
     * MAC), rewritten by the rule's own writes, still has a valid ICMPv6 checksum, and differs from
     * the frame with the cluster MAC in the option only in the Reserved bits: for the golden's MACs
     * and for 2000 random pairs (with the seed in the message).
     */
    @Test
    void theRewrittenAdvertisementKeepsAValidChecksum() throws Exception {
        rewriteKeepsTheChecksum(NIC, MAC);
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            byte[] nic = new byte[6];
            random.nextBytes(nic);
            nic[0] &= (byte) 0xfe; // a unicast NIC MAC
            ClusterMac cluster = ClusterMac.of(new byte[] {0x33, 0x33, (byte) random.nextInt(), (byte) random.nextInt(),
                    (byte) random.nextInt(), (byte) random.nextInt()});
            try {
                rewriteKeepsTheChecksum(MacAddress.of(nic), cluster);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    static void rewriteKeepsTheChecksum(MacAddress nic, ClusterMac cluster) throws Exception {
        byte[] before = new UnsolicitedNa(1, nic, VIP, nic).frame();
        assertEquals(0xffff, icmpv6Sum(before), "the frame before is valid");
        byte[] after = before.clone();
        apply(NeighbourAdvertRewrite.exprs(VIP, cluster, nic), after);
        assertEquals(0xffff, icmpv6Sum(after), nic + " -> " + cluster + ": checksum after the rewrite");
        byte[] expected = new UnsolicitedNa(1, nic, VIP, MacAddress.of(cluster.bytes())).frame();
        assertArrayEquals(Arrays.copyOfRange(expected, ICMP + 24, expected.length), Arrays.copyOfRange(after, ICMP + 24, after.length),
                "the option holds the cluster MAC");
        int k = NeighbourAdvertRewrite.compensation(nic, cluster);
        assertEquals(k, (after[ICMP + 6] & 0xff) << 8 | after[ICMP + 7] & 0xff, "Reserved low bits");
        assertEquals(before[ICMP + 2], after[ICMP + 2], "checksum untouched");
        assertEquals(before[ICMP + 3], after[ICMP + 3], "checksum untouched");
    }

    /** The rule's writes ({@code immediate} then {@code payload write} at the transport header) applied to {@code frame}. */
    static void apply(List<Expr> exprs, byte[] frame) {
        byte[] reg = null;
        int writes = 0;
        for (Expr e : exprs) {
            if (e instanceof Immediate i && i.data() != null) reg = i.data().array();
            if (e instanceof Payload p && p.isWrite()) {
                assertEquals(Payload.TRANSPORT, p.base());
                System.arraycopy(reg, 0, frame, ICMP + p.offset(), p.len());
                writes++;
            }
        }
        assertEquals(2, writes);
    }

    /** The folded one's-complement sum over the pseudo-header and the ICMPv6 message: 0xffff when the checksum is valid. */
    static int icmpv6Sum(byte[] frame) {
        int ip6 = 14;
        int len = (frame[ip6 + 4] & 0xff) << 8 | frame[ip6 + 5] & 0xff;
        long sum = len + 58;
        for (int i = ip6 + 8; i < ip6 + 40; i += 2) sum += word(frame, i);
        for (int i = ICMP; i < ICMP + len; i += 2) sum += word(frame, i);
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }

    static int word(byte[] b, int i) { return (b[i] & 0xff) << 8 | (i + 1 < b.length ? b[i + 1] & 0xff : 0); }

    @Test
    void aNicMacOfAnotherLengthIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeighbourAdvertRewrite.exprs(VIP, MAC, MacAddress.of(new byte[4])));
        assertTrue(e.getMessage().contains("not a 6-byte"), e.getMessage());
    }

    @Test
    void anotherNicMacGivesAnotherRule() {
        List<Expr> a = NeighbourAdvertRewrite.exprs(VIP, MAC, NIC);
        List<Expr> b = NeighbourAdvertRewrite.exprs(VIP, MAC, MacAddress.of(new byte[] {2, 0, 0, 0, 1, 2}));
        assertNotEquals(a, b);
        assertFalse(a.contains(b.get(11)), "the option match names the NIC's MAC");
    }
}
