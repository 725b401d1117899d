package io.clonevip.testkit.net;

/**
 * Two namespaces the test creates, joined by a veth pair that is up on both ends:
 * {@code node} holds {@link #NODE_IF}, {@code peer} holds {@link #PEER_IF}. Closing deletes both
 * namespaces (and with them the veth pair).
 */
public final class VethLab implements AutoCloseable {
    public static final String NODE_IF = "vnode0";
    public static final String PEER_IF = "vpeer0";

    public final TestNetns node;
    public final TestNetns peer;

    private VethLab(TestNetns node, TestNetns peer) {
        this.node = node;
        this.peer = peer;
    }

    public static VethLab create(String tag) {
        TestNetns n = TestNetns.create(tag + "n");
        TestNetns p = null;
        try {
            p = TestNetns.create(tag + "p");
            n.veth(NODE_IF, p, PEER_IF);
            n.ip("link", "set", NODE_IF, "up");
            p.ip("link", "set", PEER_IF, "up");
            return new VethLab(n, p);
        } catch (RuntimeException e) {
            if (p != null) p.close();
            n.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            node.close();
        } finally {
            peer.close();
        }
    }
}
