package io.clonevip.nft;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.nfnetlink_h;
import io.clonevip.netlink.NetlinkSocket;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscription to nf_tables notifications ({@code nft monitor}'s source): a NETLINK_NETFILTER
 * socket in the calling thread's network namespace joined to {@code NFNLGRP_NFTABLES}. Every
 * committed transaction of any process is multicast as one message per object changed followed
 * by NFT_MSG_NEWGEN. No polling: {@link #next} blocks until the kernel sends something. When the
 * socket's buffer overflowed (ENOBUFS) events were lost, which {@link Batch#overrun} reports so
 * the listener reads the state again instead of trusting the events.
 */
public final class NftEvents implements AutoCloseable {
    private final Transport socket;
    private Duration wait;

    private NftEvents(Transport socket, Duration wait) {
        this.socket = socket;
        this.wait = wait;
    }

    /** Subscribes in the calling thread's network namespace; {@link #next} gives up after {@code wait}. */
    public static NftEvents open(Duration wait) throws KernelException {
        NetlinkSocket s = NetlinkSocket.open(netlink_h.NETLINK_NETFILTER());
        try {
            s.joinGroup(nfnetlink_h.NFNLGRP_NFTABLES());
            s.receiveTimeout(wait);
            return new NftEvents(s, wait);
        } catch (KernelException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Over any transport (tests feed notification datagrams). */
    public static NftEvents over(Transport transport) { return new NftEvents(transport, null); }

    /** What one wake-up received: the events, and whether some were lost. */
    public record Batch(List<NftEvent> events, boolean overrun) {
        public boolean isEmpty() { return events.isEmpty() && !overrun; }
    }

    /** As {@link #next()}, waiting at most {@code atMost} this time (a socket's receive timeout is changed only when it differs). */
    public Batch next(Duration atMost) throws KernelException {
        if (socket instanceof NetlinkSocket s && !atMost.equals(wait)) {
            s.receiveTimeout(atMost.isZero() ? Duration.ofMillis(1) : atMost);
            wait = atMost;
        }
        return next();
    }

    /**
     * Waits for the next notification, then takes every one already queued without waiting;
     * empty when the wait ran out.
     */
    public Batch next() throws KernelException {
        List<NftEvent> out = new ArrayList<>();
        boolean overrun = false;
        boolean wait = true;
        while (true) {
            byte[] d;
            try {
                d = socket.receive(wait);
            } catch (KernelException e) {
                if (e.is(Errno.ETIMEDOUT)) break;
                if (e.is(Errno.ENOBUFS)) { overrun = true; wait = false; continue; }
                throw e;
            }
            if (d == null) break;
            wait = false;
            for (NlMsg m : NlMsg.parseAll(d, d.length)) {
                NftEvent ev = NftEvent.decode(m);
                if (ev != null) out.add(ev);
            }
        }
        return new Batch(List.copyOf(out), overrun);
    }

    @Override
    public void close() { socket.close(); }
}
