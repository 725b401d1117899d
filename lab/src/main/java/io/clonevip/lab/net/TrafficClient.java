package io.clonevip.lab.net;

import io.clonevip.nativ.NetNs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab client: opens flows to the VIP from chosen source ports inside the client namespace
 * and reports, per flow, which node answered or how it failed. Also holds long-lived TCP
 * connections that a test can ping again after a bucket move.
 */
public final class TrafficClient {
    private final String ns;
    private final InetAddress self;
    private final InetAddress vip;
    private final int port;
    private final int timeoutMillis;

    public TrafficClient(String ns, InetAddress self, InetAddress vip, int port, int timeoutMillis) {
        this.ns = ns;
        this.self = self;
        this.vip = vip;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** One short TCP exchange per source port. */
    public List<Flow> tcp(List<Integer> sourcePorts) throws Exception {
        return NetNs.call(ns, () -> {
            List<Flow> out = new ArrayList<>();
            for (int sp : sourcePorts) out.add(tcpOnce(sp));
            return out;
        });
    }

    private Flow tcpOnce(int sp) {
        try (Socket s = new Socket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(self, sp));
            s.connect(new InetSocketAddress(vip, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write("Q\n".getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (line == null) return new Flow(Flow.Proto.TCP, sp, Flow.Outcome.ERROR, null);
            return new Flow(Flow.Proto.TCP, sp, Flow.Outcome.ANSWERED, line);
        } catch (ConnectException e) {
            return new Flow(Flow.Proto.TCP, sp, Flow.Outcome.RESET, null);
        } catch (SocketTimeoutException e) {
            return new Flow(Flow.Proto.TCP, sp, Flow.Outcome.TIMEOUT, null);
        } catch (SocketException e) {
            return new Flow(Flow.Proto.TCP, sp, e.getMessage() != null && e.getMessage().contains("reset") ? Flow.Outcome.RESET : Flow.Outcome.ERROR, null);
        } catch (IOException e) {
            return new Flow(Flow.Proto.TCP, sp, Flow.Outcome.ERROR, null);
        }
    }

    /** One UDP request/reply per source port. */
    public List<Flow> udp(List<Integer> sourcePorts) throws Exception {
        return NetNs.call(ns, () -> {
            List<Flow> out = new ArrayList<>();
            byte[] q = "Q\n".getBytes(StandardCharsets.US_ASCII);
            for (int sp : sourcePorts) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(self, sp))) {
                    s.setSoTimeout(timeoutMillis);
                    s.send(new DatagramPacket(q, q.length, vip, port));
                    DatagramPacket p = new DatagramPacket(new byte[256], 256);
                    s.receive(p);
                    String a = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).strip();
                    out.add(new Flow(Flow.Proto.UDP, sp, Flow.Outcome.ANSWERED, a));
                } catch (SocketTimeoutException e) {
                    out.add(new Flow(Flow.Proto.UDP, sp, Flow.Outcome.TIMEOUT, null));
                } catch (IOException e) {
                    out.add(new Flow(Flow.Proto.UDP, sp, Flow.Outcome.ERROR, null));
                }
            }
            return out;
        });
    }

    /** A long-lived TCP connection from {@code sourcePort}; answers the node name per ping. */
    public Held hold(int sourcePort) throws Exception {
        Socket s = NetNs.call(ns, () -> {
            Socket c = new Socket();
            c.setReuseAddress(true);
            c.bind(new InetSocketAddress(self, sourcePort));
            c.connect(new InetSocketAddress(vip, port), timeoutMillis);
            c.setSoTimeout(timeoutMillis);
            return c;
        });
        Held h = new Held(sourcePort, s);
        h.ping("K");
        return h;
    }

    /** A held connection. */
    public static final class Held implements AutoCloseable {
        private final int sourcePort;
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Held(int sourcePort, Socket socket) throws IOException {
            this.sourcePort = sourcePort;
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        public int sourcePort() { return sourcePort; }

        /** Sends a line and returns the answering node, or throws if the connection broke. */
        public String ping(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String a = in.readLine();
            if (a == null) throw new IOException("connection closed by peer");
            return a;
        }

        public String ping() throws IOException { return ping("P"); }

        @Override
        public void close() throws IOException { socket.close(); }
    }
}
