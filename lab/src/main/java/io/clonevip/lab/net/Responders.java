package io.clonevip.lab.net;

import io.clonevip.nativ.NetNs;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TCP and UDP responders on the VIP inside node namespaces, all in this JVM: each answers with
 * its node's name and records which client port it served, so a test can check that every flow
 * was served by exactly one node. Protocol: the client sends one line; {@code Q} → the node
 * answers its name and closes (the server closes first, so clients can reuse ports); {@code K}
 * → the node answers and keeps the connection, answering its name to every further line.
 */
public final class Responders implements Closeable {
    private final List<Closeable> sockets = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> served = new ConcurrentHashMap<>();
    private final List<String> unsent = new CopyOnWriteArrayList<>();

    /** Starts a TCP and a UDP responder for {@code nodeName} inside {@code ns}, bound to {@code vip:port}. */
    public void start(String ns, String nodeName, InetAddress vip, int port) throws Exception {
        ServerSocket tcp = NetNs.call(ns, () -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(vip, port), 512);
            return s;
        });
        sockets.add(tcp);
        DatagramSocket udp = NetNs.call(ns, () -> new DatagramSocket(new InetSocketAddress(vip, port)));
        sockets.add(udp);
        Thread.ofPlatform().daemon().name("tcp-" + nodeName).start(() -> acceptLoop(tcp, nodeName));
        Thread.ofPlatform().daemon().name("udp-" + nodeName).start(() -> udpLoop(udp, nodeName));
    }

    private void record(Flow.Proto proto, InetSocketAddress peer, String node) {
        served.computeIfAbsent(proto + " " + peer.getAddress().getHostAddress() + ":" + peer.getPort(), k -> new CopyOnWriteArrayList<>()).add(node);
    }

    private void acceptLoop(ServerSocket server, String node) {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                sockets.add(c);
                record(Flow.Proto.TCP, (InetSocketAddress) c.getRemoteSocketAddress(), node);
                Thread.ofVirtual().start(() -> serve(c, node));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket c, String node) {
        try (c) {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = c.getOutputStream();
            byte[] answer = (node + "\n").getBytes(StandardCharsets.US_ASCII);
            String line = in.readLine();
            if (line == null) return;
            out.write(answer);
            out.flush();
            if (!line.startsWith("K")) return;
            while ((line = in.readLine()) != null) {
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /**
     * Receives until the socket is closed. A reply that cannot be sent fails that exchange only
     * (the client sees a timeout) and is listed by {@link #unsent()}: e.g. the VIP left the node
     * between request and reply (EINVAL), which a bucket's stop does.
     */
    private void udpLoop(DatagramSocket s, String node) {
        byte[] buf = new byte[512];
        byte[] answer = (node + "\n").getBytes(StandardCharsets.US_ASCII);
        while (!s.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            InetSocketAddress peer = (InetSocketAddress) p.getSocketAddress();
            record(Flow.Proto.UDP, peer, node);
            try {
                s.send(new DatagramPacket(answer, answer.length, peer));
            } catch (IOException e) {
                unsent.add("UDP " + node + " -> " + peer.getAddress().getHostAddress() + ":" + peer.getPort() + ": " + e.getMessage());
            }
        }
    }

    /** Which nodes served the flow from {@code client:sourcePort} (empty if none). */
    public List<String> servedBy(Flow.Proto proto, InetAddress client, int sourcePort) {
        return List.copyOf(served.getOrDefault(proto + " " + client.getHostAddress() + ":" + sourcePort, List.of()));
    }

    /** UDP replies a responder could not send ("UDP node2 -> 198.51.100.250:20226: Invalid argument"), oldest first. */
    public List<String> unsent() { return List.copyOf(unsent); }

    /** Forgets what was served so far. */
    public void clear() { served.clear(); }

    /** Flows served by more than one node. */
    public List<String> duplicates() {
        List<String> d = new ArrayList<>();
        served.forEach((k, v) -> { if (v.size() > 1) d.add(k + " " + v); });
        return d;
    }

    @Override
    public void close() {
        for (Closeable c : sockets) {
            try { c.close(); } catch (IOException ignored) { /* closing */ }
        }
    }
}
