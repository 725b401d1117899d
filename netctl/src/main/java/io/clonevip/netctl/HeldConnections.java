package io.clonevip.netctl;

import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.ClusterState.TimedBucket;
import io.clonevip.cluster.VipConnections;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.sockdiag.TcpSocket;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many of this node's TCP connections each draining bucket still holds: per VIP that drains,
 * one sock_diag listing of the connections on the VIP ({@link VipConnections#list}), each put in the
 * bucket the ruleset gave its first packet ({@link VipConnections#bucket}). A VIP whose
 * connections could not be read (sock_diag refused, a kernel without inet_diag) has no counts but
 * the reason, which the views say once; the command goes on without them.
 */
public final class HeldConnections {
    /** Nothing counted and nothing to say: a view that does not count (e.g. {@code buckets undrain}). */
    public static final HeldConnections NONE = new HeldConnections(Map.of(), Map.of());

    /** Where the connections on a VIP come from: {@link VipConnections#list}, a fake in tests. */
    @FunctionalInterface
    public interface Source extends AutoCloseable {
        List<TcpSocket> list(InetAddress vip) throws KernelException;

        @Override
        default void close() {}
    }

    private final Map<InetAddress, Map<Integer, Integer>> counts;
    private final Map<InetAddress, String> notCounted;

    private HeldConnections(Map<InetAddress, Map<Integer, Integer>> counts, Map<InetAddress, String> notCounted) {
        this.counts = counts;
        this.notCounted = notCounted;
    }

    /**
     * Counts the connections of the draining buckets of {@code states} over a sock_diag socket
     * opened in the calling thread's network namespace, and only when some VIP drains.
     */
    public static HeldConnections count(List<ClusterState> states) {
        if (states.stream().allMatch(st -> st.draining().isEmpty())) return NONE;
        try (VipConnections c = VipConnections.open()) {
            return count(states, c::list);
        } catch (KernelException e) {
            return count(states, failing(e));
        }
    }

    /**
     * The connections of namespace {@code netns} (null: the calling thread's) for a view that
     * counts again and again ({@code watch}), over a sock_diag socket opened there now, which
     * stays in that namespace; when it cannot be opened, every listing fails with the reason.
     */
    public static Source open(String netns) throws Exception {
        try {
            VipConnections c = NetNs.call(netns, VipConnections::open);
            return new Source() {
                @Override
                public List<TcpSocket> list(InetAddress vip) throws KernelException { return c.list(vip); }

                @Override
                public void close() { c.close(); }
            };
        } catch (KernelException e) {
            return failing(e);
        }
    }

    private static Source failing(KernelException e) {
        return vip -> { throw e; };
    }

    /** Counts with {@code source}: one listing per VIP that drains, none for the others. */
    public static HeldConnections count(List<ClusterState> states, Source source) {
        Map<InetAddress, Map<Integer, Integer>> counts = new HashMap<>();
        Map<InetAddress, String> notCounted = new HashMap<>();
        for (ClusterState st : states) {
            if (st.draining().isEmpty()) continue;
            InetAddress vip = st.spec().vip();
            try {
                List<TcpSocket> sockets = source.list(vip);
                BucketPredictor p = BucketPredictor.of(st.spec());
                Map<Integer, Integer> perBucket = new HashMap<>();
                for (TimedBucket t : st.draining()) perBucket.put(t.bucket(), 0);
                for (TcpSocket s : sockets) perBucket.computeIfPresent(VipConnections.bucket(p, s), (b, n) -> n + 1);
                counts.put(vip, Map.copyOf(perBucket));
            } catch (KernelException e) {
                notCounted.put(vip, why(e));
            }
        }
        return new HeldConnections(Map.copyOf(counts), Map.copyOf(notCounted));
    }

    /** The connections draining {@code bucket} of {@code vip} still holds here; null when not counted. */
    public Integer of(InetAddress vip, int bucket) {
        Map<Integer, Integer> m = counts.get(vip);
        return m == null ? null : m.get(bucket);
    }

    /** Why the connections of {@code vip}'s drains were not counted; null when they were (or nothing drains). */
    public String notCounted(InetAddress vip) {
        return notCounted.get(vip);
    }

    /** The reason in words, with what it likely means for the two failures planned for. */
    static String why(KernelException e) {
        if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
            return "sock_diag refused to list this node's sockets (" + e.getMessage() + ")";
        }
        if (e.is(Errno.ENOENT) || e.is(Errno.EPROTONOSUPPORT) || e.is(Errno.EAFNOSUPPORT)) {
            return "the kernel offers no TCP sock_diag (inet_diag and tcp_diag neither built in nor loadable: "
                    + e.getMessage() + ")";
        }
        return e.getMessage();
    }
}
