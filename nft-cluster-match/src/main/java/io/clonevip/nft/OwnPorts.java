package io.clonevip.nft;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The netlink port ids of the nf_tables connections this process has open ({@link NftConn#open}
 * adds, {@link NftConn#close} removes). A notification whose {@code nlmsg_pid} is one of them was
 * caused by a transaction of this process: the resident daemon's guard, which runs the agents'
 * actions in the same process, need not compare the kernel with the desired states after those
 * (the agents record the desired state before they commit). Port ids are unique per network
 * namespace: one of another namespace's connections could carry the id of a foreign socket here
 * only if that socket's kernel-chosen id equals ours, which for a process's own sockets (the first
 * gets the process id, later ones random negative ids) a foreign process cannot arrange.
 */
public final class OwnPorts {
    private static final Set<Integer> OPEN = ConcurrentHashMap.newKeySet();

    private OwnPorts() {
    }

    static void opened(int portId) { OPEN.add(portId); }

    static void closed(int portId) { OPEN.remove(portId); }

    /** Whether a connection of this process has port id {@code portId} now. */
    public static boolean ours(int portId) { return OPEN.contains(portId); }
}
