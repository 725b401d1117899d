package io.clonevip.cluster;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.net.VethLab;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP connections to a VIP across a {@link VethLab}, held as a database's clients hold them: an
 * echo server on VIP:3306 in the node's namespace and connections from the peer's namespace, by
 * client port or by the bucket the VIP's hash puts them in. The drain tests of the agents and of
 * netctl hold their connections with it (shared through this module's test jar). Closing closes
 * every connection made here and the server.
 */
public final class BucketClients implements AutoCloseable {
    /** The server's port. */
    public static final int PORT = 3306;

    private final VethLab lab;
    private final InetAddress vip;
    private final TcpEcho server;
    private final List<SocketChannel> connections = new ArrayList<>();

    private BucketClients(VethLab lab, InetAddress vip, TcpEcho server) {
        this.lab = lab;
        this.vip = vip;
        this.server = server;
    }

    /**
     * The echo server on VIP:3306 in {@code lab}'s node namespace; listening on {@code ::} (a
     * dual-stack socket, as a database listens) when {@code dualStack}, else on the VIP itself.
     */
    public static BucketClients serve(VethLab lab, InetAddress vip, boolean dualStack) throws Exception {
        TcpEcho server = TcpEcho.serve(NetNs.call(lab.node.name(), () -> TcpEcho.listen(new InetSocketAddress(vip, PORT), dualStack)));
        return new BucketClients(lab, vip, server);
    }

    /** A connection from {@code client}:{@code sourcePort} in the peer's namespace to VIP:3306. */
    public SocketChannel connect(InetAddress client, int sourcePort) throws Exception {
        SocketChannel c = NetNs.call(lab.peer.name(), () -> TcpEcho.connect(client, sourcePort, new InetSocketAddress(vip, PORT)));
        connections.add(c);
        return c;
    }

    /** {@code count} connections from {@code client} whose client ports (from 41000 up) {@code spec}'s hash puts in {@code bucket}. */
    public List<SocketChannel> inBucket(ClusterIpSpec spec, InetAddress client, int bucket, int count) throws Exception {
        BucketPredictor p = BucketPredictor.of(spec);
        List<SocketChannel> l = new ArrayList<>();
        for (int port = 41000; l.size() < count; port++) {
            if (p.bucket(client, BucketPredictor.IPPROTO_TCP, port, PORT) == bucket) l.add(connect(client, port));
        }
        return l;
    }

    @Override
    public void close() throws Exception {
        for (SocketChannel c : connections) c.close();
        server.close();
    }
}
