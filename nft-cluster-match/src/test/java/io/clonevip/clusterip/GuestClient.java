package io.clonevip.clusterip;

import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.TestNetns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the guest's traffic, run in the client namespace: one flow = one source
 * address and port. Results are the answering node's tag, {@code "refused"} (TCP RST),
 * {@code "timeout"} or {@code "error: ..."}. Each batch runs in ONE thread in the namespace.
 */
final class GuestClient {
    /** A flow: IP protocol (6, 17, 1), source, source port (ICMP: 0), destination port. */
    record Flow(int proto, Inet4Address src, int sport, int dport) {
        String protoName() { return proto == 6 ? "tcp" : proto == 17 ? "udp" : "icmp"; }
        int saddr() { return ipv4(src); }
        String served() { return GuestResponders.flow(protoName(), src, sport); }
        String ctKey() { return GuestConntrack.key(protoName(), src.getHostAddress(), sport, dport); }
    }

    private final TestNetns ns;
    private final Inet4Address vip;
    private final int timeoutMs;

    GuestClient(TestNetns ns, Inet4Address vip, int timeoutMs) {
        this.ns = ns;
        this.vip = vip;
        this.timeoutMs = timeoutMs;
    }

    /** Runs every flow in order; one result per flow. */
    List<String> run(List<Flow> flows) throws Exception {
        List<String> icmp = new ArrayList<>();
        for (Flow f : flows) if (f.proto() == 1) icmp.add(ping(f.src()));
        List<String> rest = NetNs.call(ns.name(), () -> {
            List<String> out = new ArrayList<>();
            for (Flow f : flows) if (f.proto() != 1) out.add(f.proto() == 6 ? tcp(f) : udp(f));
            return out;
        });
        List<String> results = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (Flow f : flows) results.add(f.proto() == 1 ? icmp.get(i++) : rest.get(j++));
        return results;
    }

    private String udp(Flow f) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(f.src(), f.sport()))) {
            s.setSoTimeout(timeoutMs);
            byte[] q = {'q'};
            for (int attempt = 0; attempt < 2; attempt++) {      // one resend on a lost datagram
                s.send(new DatagramPacket(q, 1, new InetSocketAddress(vip, f.dport())));
                DatagramPacket r = new DatagramPacket(new byte[64], 64);
                try {
                    s.receive(r);
                    return new String(r.getData(), 0, r.getLength(), StandardCharsets.US_ASCII);
                } catch (SocketTimeoutException e) {
                    // resend once
                }
            }
            return "timeout";
        } catch (IOException e) {
            return "error: " + e;
        }
    }

    private String tcp(Flow f) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(f.src(), f.sport()));
            s.connect(new InetSocketAddress(vip, f.dport()), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line == null ? "closed" : line;
        } catch (ConnectException e) {
            return "refused";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "error: " + e;
        }
    }

    /**
     * Sends the SYN of every TCP flow without waiting (non-blocking connects); the returned
     * channels keep the half-open connections until closed (closing a SYN_SENT socket sends nothing).
     */
    List<SocketChannel> syns(List<Flow> flows) throws Exception {
        return NetNs.call(ns.name(), () -> {
            List<SocketChannel> out = new ArrayList<>();
            for (Flow f : flows) {
                SocketChannel ch = SocketChannel.open();
                out.add(ch);
                ch.configureBlocking(false);
                ch.bind(new InetSocketAddress(f.src(), f.sport()));
                ch.connect(new InetSocketAddress(vip, f.dport()));
            }
            return out;
        });
    }

    /** One ICMP echo from {@code src}: "reply" or "timeout". */
    private String ping(Inet4Address src) {
        Cmd c = ns.exec("ping", "-n", "-q", "-c", "1", "-W", Integer.toString(Math.max(1, timeoutMs / 1000)),
                "-I", src.getHostAddress(), vip.getHostAddress());
        return c.exit() == 0 ? "reply" : "timeout";
    }

    /** A TCP connection kept open across changes: {@link Held#ping()} sends a line, returns the tag. */
    Held hold(Inet4Address src, int sport, int dport) throws Exception {
        Socket s = NetNs.call(ns.name(), () -> {
            Socket c = new Socket();
            c.bind(new InetSocketAddress(src, sport));
            c.connect(new InetSocketAddress(vip, dport), timeoutMs);
            c.setSoTimeout(timeoutMs);
            return c;
        });
        return new Held(new Flow(6, src, sport, dport), s,
                new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)));
    }

    /** A UDP flow kept across changes (one socket, one source port): {@link HeldUdp#ping()} returns the tag. */
    HeldUdp holdUdp(Inet4Address src, int sport, int dport) throws Exception {
        DatagramSocket s = NetNs.call(ns.name(), () -> new DatagramSocket(new InetSocketAddress(src, sport)));
        s.setSoTimeout(timeoutMs);
        return new HeldUdp(new Flow(17, src, sport, dport), s, vip);
    }

    record HeldUdp(Flow flow, DatagramSocket socket, Inet4Address vip) implements AutoCloseable {
        String ping() {
            try {
                socket.send(new DatagramPacket(new byte[] {'p'}, 1, new InetSocketAddress(vip, flow.dport())));
                DatagramPacket r = new DatagramPacket(new byte[64], 64);
                socket.receive(r);
                return new String(r.getData(), 0, r.getLength(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                return "error: " + e;
            }
        }

        @Override
        public void close() { socket.close(); }
    }

    record Held(Flow flow, Socket socket, BufferedReader in) implements AutoCloseable {
        String ping() {
            try {
                socket.getOutputStream().write("p\n".getBytes(StandardCharsets.US_ASCII));
                String line = in.readLine();
                return line == null ? "closed" : line;
            } catch (IOException e) {
                return "error: " + e;
            }
        }

        @Override
        public void close() throws IOException { socket.close(); }
    }

    /** IPv4 address as an int, first octet high. */
    static int ipv4(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
}
