package io.clonevip.nativ.bind;

/**
 * Macros of {@code linux/rtnetlink.h}, {@code linux/if_link.h}, {@code linux/if_addr.h},
 * {@code linux/neighbour.h} and {@code linux/if.h} used by clonevip (hand-written in jextract's shape: see package doc).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class rtnetlink_h {
    private rtnetlink_h() {}

    public static int RTM_NEWLINK() { return 16; }
    public static int RTM_DELLINK() { return 17; }
    public static int RTM_GETLINK() { return 18; }
    public static int RTM_NEWADDR() { return 20; }
    public static int RTM_DELADDR() { return 21; }
    public static int RTM_GETADDR() { return 22; }
    public static int RTM_NEWROUTE() { return 24; }
    public static int RTM_GETROUTE() { return 26; }
    public static int RTM_NEWNEIGH() { return 28; }
    public static int RTM_GETNEIGH() { return 30; }

    public static int RTNLGRP_LINK() { return 1; }
    public static int RTNLGRP_IPV4_IFADDR() { return 5; }
    public static int RTNLGRP_IPV6_IFADDR() { return 9; }

    public static int IFLA_ADDRESS() { return 1; }
    public static int IFLA_BROADCAST() { return 2; }
    public static int IFLA_IFNAME() { return 3; }
    public static int IFLA_MTU() { return 4; }
    public static int IFLA_LINK() { return 5; }
    public static int IFLA_OPERSTATE() { return 16; }
    public static int IFLA_EXT_MASK() { return 29; }

    public static int IFA_ADDRESS() { return 1; }
    public static int IFA_LOCAL() { return 2; }
    public static int IFA_LABEL() { return 3; }
    public static int IFA_BROADCAST() { return 4; }
    public static int IFA_ANYCAST() { return 5; }
    public static int IFA_CACHEINFO() { return 6; }
    public static int IFA_FLAGS() { return 8; }

    public static int IFA_F_SECONDARY() { return 0x01; }
    public static int IFA_F_NODAD() { return 0x02; }
    public static int IFA_F_DADFAILED() { return 0x08; }
    public static int IFA_F_TENTATIVE() { return 0x40; }
    public static int IFA_F_PERMANENT() { return 0x80; }

    public static int RT_SCOPE_UNIVERSE() { return 0; }
    public static int RT_SCOPE_SITE() { return 200; }
    public static int RT_SCOPE_LINK() { return 253; }
    public static int RT_SCOPE_HOST() { return 254; }
    public static int RT_SCOPE_NOWHERE() { return 255; }

    public static int RT_TABLE_MAIN() { return 254; }
    public static int RTN_UNICAST() { return 1; }
    public static int RTN_LOCAL() { return 2; }

    public static int IF_OPER_UNKNOWN() { return 0; }
    public static int IF_OPER_NOTPRESENT() { return 1; }
    public static int IF_OPER_DOWN() { return 2; }
    public static int IF_OPER_LOWERLAYERDOWN() { return 3; }
    public static int IF_OPER_TESTING() { return 4; }
    public static int IF_OPER_DORMANT() { return 5; }
    public static int IF_OPER_UP() { return 6; }

    public static int IFF_UP() { return 0x1; }
    public static int IFF_BROADCAST() { return 0x2; }
    public static int IFF_LOOPBACK() { return 0x8; }
    public static int IFF_RUNNING() { return 0x40; }
    public static int IFF_NOARP() { return 0x80; }
    public static int IFF_PROMISC() { return 0x100; }
    public static int IFF_MULTICAST() { return 0x1000; }
    public static int IFF_LOWER_UP() { return 0x10000; }

    public static int RTA_DST() { return 1; }
    public static int RTA_OIF() { return 4; }
    public static int RTA_GATEWAY() { return 5; }
    public static int RTA_PREFSRC() { return 7; }
    public static int RTA_TABLE() { return 15; }

    public static int NDA_DST() { return 1; }
    public static int NDA_LLADDR() { return 2; }

    public static int NUD_INCOMPLETE() { return 0x01; }
    public static int NUD_REACHABLE() { return 0x02; }
    public static int NUD_STALE() { return 0x04; }
    public static int NUD_DELAY() { return 0x08; }
    public static int NUD_PROBE() { return 0x10; }
    public static int NUD_FAILED() { return 0x20; }
    public static int NUD_NOARP() { return 0x40; }
    public static int NUD_PERMANENT() { return 0x80; }

    public static int NTF_ROUTER() { return 0x80; }
}
