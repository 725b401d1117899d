package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.nft.Family;
import io.clonevip.nft.Hook;
import io.clonevip.nft.Rule;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class NeighbourAdvertRewriteTest {
    static final Inet6Address VIP = (Inet6Address) InetAddress.ofLiteral("2001:db8:1::100");

    /**
     * {@code nft --debug=netlink} (1.0.6) of {@code meta nfproto ipv6 icmpv6 type nd-neighbor-advert
     * @th,64,128 0x20010db8000100000000000000000100 @th,192,16 0x0201 @th,208,48 set 0x333300000100 counter},
     * except the write: nft sends no checksum fix for a raw payload write (csum_type 0 csum_off 0),
     * the rule asks for the ICMPv6 checksum at offset 2 to be fixed.
     */
    @Test
    void expressionsAreNftsExceptTheChecksumFix() {
        Rule r = NeighbourAdvertRewrite.rule("t", NeighbourAdvertRewrite.CHAIN, VIP, ClusterMac.forIpv6(VIP));
        assertEquals("""
                  [ meta load nfproto => reg 1 ]
                  [ cmp eq reg 1 0x0000000a ]
                  [ meta load l4proto => reg 1 ]
                  [ cmp eq reg 1 0x0000003a ]
                  [ payload load 1b @ transport header + 0 => reg 1 ]
                  [ cmp eq reg 1 0x00000088 ]
                  [ payload load 16b @ transport header + 8 => reg 1 ]
                  [ cmp eq reg 1 0xb80d0120 0x00000100 0x00000000 0x00010000 ]
                  [ payload load 2b @ transport header + 24 => reg 1 ]
                  [ cmp eq reg 1 0x00000102 ]
                  [ immediate reg 1 0x00003333 0x00000001 ]
                  [ payload write reg 1 => 6b @ transport header + 26 csum_type 1 csum_off 2 csum_flags 0x0 ]
                  [ counter pkts 0 bytes 0 ]""", r.debugString().stripIndent());
        assertEquals(Family.INET, r.family());
        assertEquals(Hook.OUTPUT, NeighbourAdvertRewrite.chain("t", NeighbourAdvertRewrite.CHAIN).hook());
    }
}
