package io.clonevip.sockdiag;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.sock_diag_h;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets of the calling thread's network namespace over sock_diag, like {@code ss}:
 * list them by family and state, destroy one. Closing closes the connection.
 */
public final class TcpSockets implements AutoCloseable {
    private final NetlinkConn conn;

    /** Over {@code conn}, a NETLINK_SOCK_DIAG connection (a fake transport in tests); closed with this. */
    public TcpSockets(NetlinkConn conn) { this.conn = conn; }

    /** A NETLINK_SOCK_DIAG socket in the calling thread's network namespace. */
    public static TcpSockets open() throws KernelException {
        return new TcpSockets(NetlinkConn.open(netlink_h.NETLINK_SOCK_DIAG(), 0));
    }

    /**
     * The TCP sockets of {@code family} (AF_INET 2 or AF_INET6 10) in one of {@code states}; the
     * kernel selects the states. An AF_INET6 dump includes the IPv4 connections of dual-stack
     * sockets (see {@link TcpSocket}). Equivalent to: {@code ss -t -n -f inet|inet6 state S ...}.
     */
    public List<TcpSocket> list(int family, Set<TcpState> states) throws KernelException {
        String op = "list TCP sockets";
        if (family != libc_h.AF_INET() && family != libc_h.AF_INET6()) {
            throw new KernelException(op, Errno.EAFNOSUPPORT, "family " + family + " is neither AF_INET nor AF_INET6");
        }
        NlMsgBuilder b = new NlMsgBuilder();
        InetDiagMsg.request(b.begin(sock_diag_h.SOCK_DIAG_BY_FAMILY(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP()),
                family, TcpState.mask(states), null);
        List<TcpSocket> out = new ArrayList<>();
        for (NlMsg m : conn.dump(op, b)) {
            if (m.type() == sock_diag_h.SOCK_DIAG_BY_FAMILY()) out.add(InetDiagMsg.decode(m));
        }
        return out;
    }

    /**
     * Destroys {@code s}: the kernel looks it up by addresses, ports, device and cookie and aborts
     * it (TCP: a reset to the peer, ECONNABORTED to its owner). Equivalent to: {@code ss -K}
     * with a filter matching exactly this socket. The outcomes planned for are returned (see
     * {@link DestroyOutcome}); anything else, such as EPERM without CAP_NET_ADMIN, is thrown.
     */
    public DestroyOutcome destroy(TcpSocket s) throws KernelException {
        NlMsgBuilder b = new NlMsgBuilder();
        InetDiagMsg.request(b.begin(sock_diag_h.SOCK_DESTROY(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK()),
                s.family(), 0, s);
        try {
            conn.execute("destroy TCP socket " + s, b);
            return DestroyOutcome.DESTROYED;
        } catch (KernelException e) {
            return switch (e.errno()) {
                case ENOENT, ESTALE -> DestroyOutcome.GONE;
                case EOPNOTSUPP -> DestroyOutcome.UNSUPPORTED;
                default -> throw e;
            };
        }
    }

    @Override
    public void close() {
        conn.close();
    }
}
