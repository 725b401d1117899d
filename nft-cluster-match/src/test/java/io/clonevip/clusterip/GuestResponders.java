package io.clonevip.clusterip;

import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.net.TestNetns;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Servers on the VIP in node namespaces, each answering with its node tag: UDP (one datagram
 * back per datagram) and TCP (one line back per line, for as long as the client keeps the
 * connection). Records which node served which flow ({@code udp SRC:SPORT} / {@code tcp SRC:SPORT}),
 * so a test can see a flow served twice or by nobody.
 */
final class GuestResponders implements AutoCloseable {
    private final List<Closeable> open = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<String>> served = new ConcurrentHashMap<>();

    void start(TestNetns ns, String tag, Inet4Address vip, int tcpPort, int... udpPorts) throws Exception {
        ServerSocket ts = NetNs.call(ns.name(), () -> new ServerSocket(tcpPort, 128, vip));
        open.add(ts);
        Thread.ofPlatform().daemon().name("tcp-" + tag).start(() -> accept(ts, tag));
        udp(ns, tag, vip, udpPorts);
    }

    /** Listening TCP sockets that are never accepted from (their SYNs get a SYN-ACK, nothing more). */
    void listenOnly(TestNetns ns, Inet4Address vip, int... ports) throws Exception {
        for (int port : ports) open.add(NetNs.call(ns.name(), () -> new ServerSocket(port, 1024, vip)));
    }

    private void udp(TestNetns ns, String tag, Inet4Address vip, int... udpPorts) throws Exception {
        for (int port : udpPorts) {
            DatagramSocket us = NetNs.call(ns.name(), () -> new DatagramSocket(new InetSocketAddress(vip, port)));
            open.add(us);
            Thread.ofPlatform().daemon().name("udp-" + tag + "-" + port).start(() -> answer(us, tag));
        }
    }

    /** The tags of the nodes that served {@code flow} (e.g. {@code tcp 198.51.100.150:40000}), in order. */
    List<String> servedBy(String flow) {
        Queue<String> q = served.get(flow);
        return q == null ? List.of() : List.copyOf(q);
    }

    static String flow(String proto, Inet4Address src, int sport) {
        return proto + " " + src.getHostAddress() + ":" + sport;
    }

    private void record(String flow, String tag) {
        served.computeIfAbsent(flow, k -> new ConcurrentLinkedQueue<>()).add(tag);
    }

    private void accept(ServerSocket server, String tag) {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                open.add(c);
                record(flow("tcp", (Inet4Address) c.getInetAddress(), c.getPort()), tag);
                Thread.ofVirtual().start(() -> echo(c, tag));
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    private static void echo(Socket c, String tag) {
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = c.getOutputStream();
            while (in.readLine() != null) {
                out.write((tag + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void answer(DatagramSocket s, String tag) {
        byte[] buf = new byte[64];
        byte[] name = tag.getBytes(StandardCharsets.US_ASCII);
        while (!s.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                record(flow("udp", (Inet4Address) p.getAddress(), p.getPort()), tag);
                s.send(new DatagramPacket(name, name.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (s.isClosed()) return;
            }
        }
    }

    @Override
    public void close() {
        for (Closeable c : open) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
