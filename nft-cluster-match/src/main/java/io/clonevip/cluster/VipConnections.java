package io.clonevip.cluster;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.sockdiag.DestroyOutcome;
import io.clonevip.sockdiag.TcpSocket;
import io.clonevip.sockdiag.TcpSockets;
import io.clonevip.sockdiag.TcpState;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * This node's TCP connections on a VIP, and closing those of given buckets: what a node does
 * with the connections of a bucket it stops serving (the new owner would only reset their
 * clients on their next packet, while this node's server kept the sessions open). A
 * connection's bucket is the one the ruleset computed for its first packet, which
 * {@link BucketPredictor} reproduces from the client's address and port and the VIP's port.
 *
 * <p>Only sockets whose local address is the VIP are ever touched, in every TCP state that
 * still has a peer ({@link TcpState#CONNECTED}), never a listening socket. For an IPv4 VIP the
 * IPv4 connections of dual-stack (AF_INET6) servers count too. Closing a connection destroys
 * its socket over sock_diag: the kernel sends the client a reset and the server's next call on
 * the socket fails with ECONNABORTED.
 */
public final class VipConnections implements AutoCloseable {
    private final TcpSockets sockets;

    /** Over {@code sockets} (a fake transport in tests); closed with this. */
    public VipConnections(TcpSockets sockets) {
        this.sockets = sockets;
    }

    /** A sock_diag socket in the calling thread's network namespace. */
    public static VipConnections open() throws KernelException {
        return new VipConnections(TcpSockets.open());
    }

    /** The connections on {@code vip} (local address = VIP, any port, any peer), listeners never. */
    public List<TcpSocket> list(InetAddress vip) throws KernelException {
        List<TcpSocket> all = new ArrayList<>();
        if (vip instanceof Inet4Address) {
            all.addAll(sockets.list(libc_h.AF_INET(), TcpState.CONNECTED));
        }
        try {
            all.addAll(sockets.list(libc_h.AF_INET6(), TcpState.CONNECTED));
        } catch (KernelException e) {
            // an IPv4 VIP on a kernel without inet6_diag (no IPv6): no dual-stack socket to report
            if (!(vip instanceof Inet4Address && (e.is(Errno.ENOENT) || e.is(Errno.EAFNOSUPPORT)))) {
                throw e;
            }
        }
        return all.stream().filter(s -> s.local().equals(vip) && !s.listening()).toList();
    }

    /** The bucket the ruleset of {@code predictor} put connection {@code s} in (the client is the peer). */
    public static int bucket(BucketPredictor predictor, TcpSocket s) {
        return predictor.bucket(s.remote(), BucketPredictor.IPPROTO_TCP, s.remotePort(), s.localPort());
    }

    /** Closes the connections on the spec's VIP whose clients its hash puts in one of {@code buckets}. */
    public ConnectionsClosed close(ClusterIpSpec spec, BucketSet buckets) throws KernelException {
        BucketPredictor p = BucketPredictor.of(spec);
        return close(spec.vip(), s -> buckets.contains(bucket(p, s)));
    }

    /** How many connections on the spec's VIP its hash puts in one of {@code buckets}. */
    public int count(ClusterIpSpec spec, BucketSet buckets) throws KernelException {
        BucketPredictor p = BucketPredictor.of(spec);
        return (int) list(spec.vip()).stream().filter(s -> buckets.contains(bucket(p, s))).count();
    }

    /**
     * Closes this node's connections on {@code vip} whose bucket is neither served nor drained
     * here: the ruleset's early drop already discards their clients' packets, only the server's
     * sessions are left. The sockets are dumped first and the tables read after, so a connection
     * is judged by a state no older than itself: a start that takes a bucket back before the read
     * keeps the bucket's connections, and one after it has no connection in the dump yet.
     * Buckets in {@code wanted} (the node's desired buckets and drains, which a repair puts back; null for
     * none) are never orphaned. Nothing is closed when the VIP has no tables here or they are
     * not whole and of the current layout (their buckets cannot be trusted).
     */
    public ConnectionsClosed closeOrphans(ClusterIpTables tables, InetAddress vip, BucketSet wanted) throws KernelException {
        List<TcpSocket> dumped = list(vip);
        if (dumped.isEmpty()) return new ConnectionsClosed(0, 0, 0, null);
        ClusterState st = tables.state(vip);
        if (st == null || !st.current()) return new ConnectionsClosed(0, 0, 0, null);
        BucketPredictor p = BucketPredictor.of(st.spec());
        BucketSet draining = st.drainingBuckets();
        return destroy(dumped.stream().filter(s -> {
            int b = bucket(p, s);
            return !(st.local().contains(b) || draining.contains(b) || wanted != null && wanted.contains(b));
        }).toList());
    }

    /** Closes every connection on {@code vip} (the node no longer serves it at all). */
    public ConnectionsClosed closeAll(InetAddress vip) throws KernelException {
        return close(vip, s -> true);
    }

    private ConnectionsClosed close(InetAddress vip, Predicate<TcpSocket> which) throws KernelException {
        return destroy(list(vip).stream().filter(which).toList());
    }

    private ConnectionsClosed destroy(List<TcpSocket> doomed) {
        int closed = 0;
        int gone = 0;
        KernelException why = null;
        for (TcpSocket s : doomed) {
            try {
                DestroyOutcome o = sockets.destroy(s);
                if (o == DestroyOutcome.UNSUPPORTED) {
                    why = new KernelException("destroy TCP socket " + s, Errno.EOPNOTSUPP,
                            "the kernel cannot destroy sockets (built without CONFIG_INET_DIAG_DESTROY)");
                    break;
                }
                if (o == DestroyOutcome.DESTROYED) {
                    closed++;
                } else {
                    gone++;
                }
            } catch (KernelException e) {
                if (why == null) {
                    why = e;
                }
                if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
                    break; // every other destroy fails the same
                }
            }
        }
        return new ConnectionsClosed(closed, gone, doomed.size() - closed - gone, why);
    }

    @Override
    public void close() {
        sockets.close();
    }
}
