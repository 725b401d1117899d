package io.clonevip.cluster;

import io.clonevip.nativ.KernelException;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.Link;
import java.util.function.Consumer;

/**
 * A VIP leaving this node in the order that never leaves its address without its rules ({@link
 * #retire}): what {@link ClusterIpNode}'s last leave, last drain's end and removal of idle tables share.
 */
final class VipRetirement {
    private final ClusterIpTables tables;
    private final VipHold hold;

    VipRetirement(ClusterIpTables tables, VipHold hold) {
        this.tables = tables;
        this.hold = hold;
    }

    /** Whether {@code c} left whole tables that serve and drain nothing: {@link #retire} them. */
    static boolean retiring(ClusterChange c) {
        return c.after() != null && c.after().whole() && c.after().idle();
    }

    /**
     * The end of a VIP on this node, in the order that never leaves its address without its rules:
     * the transaction ({@code idle}) has left the tables idle, dropping every packet to the VIP;
     * {@code afterTables} runs (the stop's resets still leave from the VIP, and the clients that
     * reconnect at once are dropped, not answered by this node's stack); the address {@code ia}
     * (null: none) and the membership go; then the tables, unless a start took a bucket
     * meanwhile (a transaction checked against {@code idle}'s generation; after any change meanwhile
     * {@link ClusterIpTables#removeIdle} reads again): then the address comes back.
     */
    ClusterChange retire(ClusterChange idle, Consumer<ClusterChange> afterTables, IfAddr ia, Link nic) throws KernelException {
        ClusterIpSpec spec = idle.after().spec();
        afterTables.accept(new ClusterChange(idle.before(), null, idle.generation()));
        hold.drop(spec, ia, nic);
        ClusterChange r = tables.removeRetired(idle);
        if (r.removed() || r.before() == null) return new ClusterChange(idle.before(), null, r.generation());
        hold.hold(spec, ia, nic);
        return new ClusterChange(idle.before(), r.after(), r.generation());
    }

}
