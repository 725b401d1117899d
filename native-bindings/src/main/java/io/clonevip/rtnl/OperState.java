package io.clonevip.rtnl;

import io.clonevip.nativ.bind.rtnetlink_h;

/** RFC 2863 operational state of a link ({@code IF_OPER_*}, attribute IFLA_OPERSTATE). */
public enum OperState {
    UNKNOWN(rtnetlink_h.IF_OPER_UNKNOWN()),
    NOTPRESENT(rtnetlink_h.IF_OPER_NOTPRESENT()),
    DOWN(rtnetlink_h.IF_OPER_DOWN()),
    LOWERLAYERDOWN(rtnetlink_h.IF_OPER_LOWERLAYERDOWN()),
    TESTING(rtnetlink_h.IF_OPER_TESTING()),
    DORMANT(rtnetlink_h.IF_OPER_DORMANT()),
    UP(rtnetlink_h.IF_OPER_UP());

    private final int value;

    OperState(int value) { this.value = value; }

    public int value() { return value; }

    /** The state for a kernel value; {@link #UNKNOWN} for values not listed. */
    public static OperState valueOf(int v) {
        for (OperState s : values()) if (s.value == v) return s;
        return UNKNOWN;
    }
}
