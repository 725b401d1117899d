package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.nfnetlink_h;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.Transport;
import io.clonevip.nft.MsgType;
import java.util.List;

/**
 * A {@link Transport} that passes every datagram to the real socket and counts the requests by
 * kind: a datagram opening with NFNL_MSG_BATCH_BEGIN is a transaction, one with NLM_F_DUMP a
 * dump (those asking for nf_tables tables counted again apart), NFT_MSG_GETGEN a generation
 * read, anything else (rtnetlink gets, adds, deletes) other.
 */
final class CountingTransport implements Transport {
    /** Requests sent so far. */
    record Counts(int dumps, int tableDumps, int transactions, int genIds, int other) {
        int total() { return dumps + transactions + genIds + other; }

        Counts minus(Counts o) {
            return new Counts(dumps - o.dumps, tableDumps - o.tableDumps, transactions - o.transactions, genIds - o.genIds, other - o.other);
        }

        @Override
        public String toString() {
            return dumps + " dumps (" + tableDumps + " of tables), " + transactions + " transactions, " + genIds
                    + " generation reads, " + other + " other";
        }
    }

    private final Transport real;
    private int dumps;
    private int tableDumps;
    private int transactions;
    private int genIds;
    private int other;

    CountingTransport(Transport real) {
        this.real = real;
    }

    Counts counts() {
        return new Counts(dumps, tableDumps, transactions, genIds, other);
    }

    @Override
    public int portId() {
        return real.portId();
    }

    @Override
    public void send(byte[] datagram) throws KernelException {
        List<NlMsg> msgs = NlMsg.parseAll(datagram, datagram.length);
        NlMsg first = msgs.getFirst();
        if (first.type() == nfnetlink_h.NFNL_MSG_BATCH_BEGIN()) {
            transactions++;
        } else if ((first.flags() & netlink_h.NLM_F_DUMP()) == netlink_h.NLM_F_DUMP()) {
            dumps++;
            if (first.type() == MsgType.wire(MsgType.GETTABLE)) {
                tableDumps++;
            }
        } else if (first.type() == MsgType.wire(MsgType.GETGEN)) {
            genIds++;
        } else {
            other++;
        }
        real.send(datagram);
    }

    @Override
    public byte[] receive(boolean wait) throws KernelException {
        return real.receive(wait);
    }

    @Override
    public void close() {
        real.close();
    }
}
