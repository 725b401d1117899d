package io.clonevip.rtnl;

import io.clonevip.nativ.bind.rtnetlink_h;

/**
 * A network interface as {@code ip link show} reports it: index, name, {@code IFF_*} flags,
 * hardware address (null when the link has none), MTU and operational state.
 */
public record Link(int index, String name, int flags, MacAddress mac, int mtu, OperState operState) {

    /** Administratively up (IFF_UP). */
    public boolean up() { return (flags & rtnetlink_h.IFF_UP()) != 0; }

    /** IFF_RUNNING: operationally up. */
    public boolean running() { return (flags & rtnetlink_h.IFF_RUNNING()) != 0; }

    /** IFF_LOWER_UP: carrier. */
    public boolean lowerUp() { return (flags & rtnetlink_h.IFF_LOWER_UP()) != 0; }

    public boolean multicast() { return (flags & rtnetlink_h.IFF_MULTICAST()) != 0; }

    public boolean loopback() { return (flags & rtnetlink_h.IFF_LOOPBACK()) != 0; }

    public boolean noArp() { return (flags & rtnetlink_h.IFF_NOARP()) != 0; }
}
