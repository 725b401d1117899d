package io.clonevip.sockdiag;

import io.clonevip.nativ.bind.tcp_h;
import java.util.EnumSet;
import java.util.Set;

/** A TCP socket's state, as sock_diag reports it ({@code idiag_state}) and selects it ({@code idiag_states} bits). */
public enum TcpState {
    ESTABLISHED(tcp_h.TCP_ESTABLISHED()),
    SYN_SENT(tcp_h.TCP_SYN_SENT()),
    /** Also a connection request not yet accepted (the kernel's NEW_SYN_RECV is reported as SYN_RECV). */
    SYN_RECV(tcp_h.TCP_SYN_RECV()),
    FIN_WAIT1(tcp_h.TCP_FIN_WAIT1()),
    FIN_WAIT2(tcp_h.TCP_FIN_WAIT2()),
    TIME_WAIT(tcp_h.TCP_TIME_WAIT()),
    CLOSE(tcp_h.TCP_CLOSE()),
    CLOSE_WAIT(tcp_h.TCP_CLOSE_WAIT()),
    LAST_ACK(tcp_h.TCP_LAST_ACK()),
    LISTEN(tcp_h.TCP_LISTEN()),
    CLOSING(tcp_h.TCP_CLOSING()),
    /** A state this build does not know (a newer kernel's). */
    UNKNOWN(-1);

    /**
     * The states of a connection with a peer that a reset still reaches: every state but
     * LISTEN, TIME_WAIT and CLOSE ({@code ss state connected} without TIME_WAIT).
     */
    public static final Set<TcpState> CONNECTED = Set.copyOf(EnumSet.of(ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1,
            FIN_WAIT2, CLOSE_WAIT, LAST_ACK, CLOSING));

    private final int number;

    TcpState(int number) { this.number = number; }

    /** The kernel's number; -1 for {@link #UNKNOWN}. */
    public int number() { return number; }

    /** The constant for a kernel state number; {@link #UNKNOWN} for numbers not listed. */
    public static TcpState valueOf(int number) {
        for (TcpState s : values()) {
            if (s.number == number) return s;
        }
        return UNKNOWN;
    }

    /** The {@code idiag_states} mask selecting {@code states} (bit n = state n). */
    static int mask(Set<TcpState> states) {
        int m = 0;
        for (TcpState s : states) {
            if (s != UNKNOWN) m |= 1 << s.number;
        }
        return m;
    }
}
