package io.clonevip.cluster;

import io.clonevip.nft.Bytes;
import io.clonevip.nft.Family;
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Where the addresses of a VIP's family lie in the network header, which is all that differs
 * between the inet table's rules of an IPv4 and an IPv6 VIP: {@code ip daddr VIP} /
 * {@code ip6 daddr VIP} and the source address the hash reads ({@code ip saddr}, 4 bytes at 12;
 * {@code ip6 saddr}, 16 bytes at 8, filling register 2 whole, so a port after it lands in reg 3).
 *
 * @param nfproto the packet's family ({@code meta nfproto ipv4 | ipv6}: 2 or 10)
 * @param saddr   offset of the source address
 * @param daddr   offset of the destination address
 * @param length  address length in bytes
 */
record NetworkHeader(int nfproto, int saddr, int daddr, int length) {
    static final NetworkHeader IPV4 = new NetworkHeader(Family.IP.number(), 12, 16, 4);
    static final NetworkHeader IPV6 = new NetworkHeader(Family.IP6.number(), 8, 24, 16);

    static NetworkHeader of(InetAddress vip) {
        return vip instanceof Inet4Address ? IPV4 : IPV6;
    }

    /** {@code ip daddr VIP} ({@code ip6 daddr VIP}): the packet's family and its destination address. */
    List<Expr> matchDaddr(InetAddress vip) {
        return List.of(
                Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(nfproto)),
                Payload.load(Payload.NETWORK, daddr, length, Reg.R1), Cmp.eq(Reg.R1, new Bytes(vip.getAddress())));
    }

    /** {@code ip saddr} ({@code ip6 saddr}) into register 2, the first part of every hash key. */
    Expr loadSaddr() {
        return Payload.load(Payload.NETWORK, saddr, length, Reg.R2);
    }

    /** The register of the {@code words}-th 32-bit word after the source address ({@code th sport}: 1, {@code th dport}: 2). */
    int afterSaddr(int words) {
        return Reg.after(Reg.R2, length / 4 - 1 + words);
    }

    /** Bytes hashed: the address and {@code ports} port words. */
    int keyLength(int ports) {
        return length + 4 * ports;
    }
}
