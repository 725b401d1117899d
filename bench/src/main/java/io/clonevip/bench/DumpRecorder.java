package io.clonevip.bench;

import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A transport that passes everything through and records each request's reply datagrams. */
final class DumpRecorder implements Transport {
    private final Transport inner;
    private final Map<String, List<byte[]>> replies = new LinkedHashMap<>();
    private List<byte[]> current;

    DumpRecorder(Transport inner) { this.inner = inner; }

    @Override public int portId() { return inner.portId(); }

    @Override
    public void send(byte[] datagram) throws KernelException {
        List<NlMsg> msgs = NlMsg.parseAll(datagram, datagram.length);
        NlMsg first = msgs.get(0);
        current = new ArrayList<>();
        replies.put(RecordedDump.key(first.type(), first.payload()), current);
        inner.send(datagram);
    }

    @Override
    public byte[] receive(boolean wait) throws KernelException {
        byte[] d = inner.receive(wait);
        if (d != null && current != null) current.add(d.clone());
        return d;
    }

    RecordedDump dump() { return new RecordedDump(Map.copyOf(replies)); }

    @Override public void close() { inner.close(); }
}
