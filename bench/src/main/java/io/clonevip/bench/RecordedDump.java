package io.clonevip.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real kernel replies to nf_tables requests, captured once from a network namespace
 * ({@link DumpCapture}): for each request (its message type and payload, which do not depend on
 * sequence numbers) the reply datagrams in the order the kernel sent them. Replayed by
 * {@link DumpReplay} so the decoders run on the kernel's own bytes without a kernel.
 *
 * <p>File format: int count, then per request: UTF key, int datagrams, per datagram int length
 * and the bytes (big-endian, {@link DataOutputStream}).
 */
public record RecordedDump(Map<String, List<byte[]>> replies) {

    /** The key of a request message: type and payload in hex. */
    static String key(int type, byte[] payload) {
        StringBuilder sb = new StringBuilder(Integer.toHexString(type)).append(':');
        for (byte b : payload) sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        return sb.toString();
    }

    public void write(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(replies.size());
        for (Map.Entry<String, List<byte[]>> e : replies.entrySet()) {
            d.writeUTF(e.getKey());
            d.writeInt(e.getValue().size());
            for (byte[] b : e.getValue()) {
                d.writeInt(b.length);
                d.write(b);
            }
        }
        d.flush();
    }

    public static RecordedDump read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        int n = d.readInt();
        for (int i = 0; i < n; i++) {
            String key = d.readUTF();
            int count = d.readInt();
            List<byte[]> l = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                byte[] b = new byte[d.readInt()];
                d.readFully(b);
                l.add(b);
            }
            m.put(key, l);
        }
        return new RecordedDump(m);
    }

    /** The dump shipped with the benchmarks (see {@link DumpCapture}). */
    public static RecordedDump resource(String name) throws IOException {
        try (InputStream in = RecordedDump.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("no resource " + name + " (run bench/capture-dump.sh)");
            return read(in);
        }
    }

    /** Total bytes of all reply datagrams. */
    public int replyBytes() {
        return replies.values().stream().flatMap(List::stream).mapToInt(b -> b.length).sum();
    }
}
