package io.clonevip.sockdiag;

import io.clonevip.rtnl.IpLiteral;
import java.net.InetAddress;

/**
 * One TCP socket as sock_diag reports it. The addresses are those of the connection on the
 * wire: an IPv6 socket of a dual-stack server holding an IPv4 connection (its addresses
 * {@code ::ffff:a.b.c.d}) reports them as IPv4 addresses, with {@code family} still AF_INET6,
 * which {@link TcpSockets#destroy} needs to find the socket again.
 *
 * @param family         the socket's family: AF_INET (2) or AF_INET6 (10)
 * @param state          its TCP state
 * @param local          the local address ({@code idiag_src})
 * @param localPort      the local port ({@code idiag_sport})
 * @param remote         the peer's address ({@code idiag_dst}; the unspecified address for a listener)
 * @param remotePort     the peer's port ({@code idiag_dport})
 * @param interfaceIndex the device the socket is bound to ({@code idiag_if}), 0 if none
 * @param cookie         the kernel's unique id of the socket ({@code idiag_cookie}); a destroy
 *                       carries it so that it can only hit this very socket
 * @param uid            the owner's user id
 * @param inode          the socket's inode (0 once no process holds it)
 */
public record TcpSocket(int family, TcpState state, InetAddress local, int localPort, InetAddress remote, int remotePort,
                        int interfaceIndex, long cookie, int uid, long inode) {

    public boolean listening() { return state == TcpState.LISTEN; }

    /** As {@code ss -t -n} prints it: state, local address:port, peer address:port. */
    @Override
    public String toString() {
        return state + " " + endpoint(local, localPort) + " " + endpoint(remote, remotePort);
    }

    private static String endpoint(InetAddress a, int port) {
        String s = IpLiteral.format(a);
        return (s.contains(":") ? "[" + s + "]" : s) + ":" + port;
    }
}
