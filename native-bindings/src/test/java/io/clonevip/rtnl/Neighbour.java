package io.clonevip.rtnl;

import io.clonevip.nativ.bind.rtnetlink_h;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the kernel's neighbour cache (ARP for IPv4, neighbour discovery for IPv6), as
 * {@code ip neigh show} prints it.
 *
 * @param family    AF_INET or AF_INET6
 * @param linkIndex the interface the neighbour is on
 * @param address   the neighbour's IP address (NDA_DST)
 * @param lladdr    its link-layer address (NDA_LLADDR); null while unresolved (INCOMPLETE, FAILED)
 * @param state     the NUD_* bits ({@code ndm_state})
 * @param flags     the NTF_* bits ({@code ndm_flags}); {@link #isRouter()} for NTF_ROUTER
 */
public record Neighbour(int family, int linkIndex, InetAddress address, MacAddress lladdr, int state, int flags) {

    /** The NUD_* state names in bit order, as iproute2 prints them. */
    private static final String[] STATES = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"};

    /** The neighbour said it is a router (NTF_ROUTER). */
    public boolean isRouter() { return (flags & rtnetlink_h.NTF_ROUTER()) != 0; }

    /** True in REACHABLE, STALE, DELAY, PROBE, NOARP or PERMANENT: the kernel sends to {@link #lladdr()} (NUD_VALID). */
    public boolean isValid() {
        int valid = rtnetlink_h.NUD_PERMANENT() | rtnetlink_h.NUD_NOARP() | rtnetlink_h.NUD_REACHABLE() | rtnetlink_h.NUD_PROBE()
                | rtnetlink_h.NUD_STALE() | rtnetlink_h.NUD_DELAY();
        return (state & valid) != 0;
    }

    /** The state as iproute2 names it ({@code REACHABLE}, {@code STALE PERMANENT}: several bits space-separated; {@code NONE} for 0). */
    public String stateName() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < STATES.length; i++) if ((state & 1 << i) != 0) names.add(STATES[i]);
        return names.isEmpty() ? "NONE" : String.join(" ", names);
    }

    @Override
    public String toString() {
        return IpLiteral.format(address) + " dev#" + linkIndex + (lladdr == null ? "" : " lladdr " + lladdr)
                + (isRouter() ? " router" : "") + " " + stateName();
    }
}
