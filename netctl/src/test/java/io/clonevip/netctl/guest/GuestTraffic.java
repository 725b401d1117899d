package io.clonevip.netctl.guest;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.lab.net.Flow;
import io.clonevip.lab.net.NetLab;
import io.clonevip.lab.net.Responders;
import io.clonevip.lab.net.TrafficClient;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Client traffic to one VIP of the lab: responders on the nodes that hold it (answering their
 * tag {@code n<k>}), new TCP and UDP flows from the client checked against the bucket model
 * (answered, by the owner of the flow's bucket, served by nobody else), and long-lived TCP
 * connections pinged across changes. Counts what it checked.
 */
final class GuestTraffic implements AutoCloseable {
    static final int PORT = 7000;
    private final GuestReport out;
    private final NetLab lab;
    private final Inet4Address vip;
    private final Responders resp = new Responders();
    private final TrafficClient client;
    private final int saddr;
    private final List<TrafficClient.Held> held = new ArrayList<>();
    private int nextPort;
    int flowsChecked;
    int pings;

    GuestTraffic(GuestReport out, NetLab lab, Inet4Address vip, int firstSourcePort) {
        this.out = out;
        this.lab = lab;
        this.vip = vip;
        this.client = new TrafficClient(lab.client(), lab.clientAddress(), vip, PORT, 4000);
        byte[] a = lab.clientAddress().getAddress();
        this.saddr = (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
        this.nextPort = firstSourcePort;
    }

    /** TCP and UDP responders on the VIP in node {@code k} (the VIP must be on its NIC). */
    void respondOn(int k) throws Exception {
        resp.start(lab.node(k), "n" + k, vip, PORT);
    }

    int bucket(BucketPredictor model, int proto, int sport) {
        return model.bucketIpv4(saddr, proto, sport, PORT);
    }

    /**
     * {@code perProto} new TCP and as many UDP flows: each must be answered by {@code owner(bucket)}
     * and served by no other node.
     */
    void newFlows(String when, BucketPredictor model, IntFunction<String> owner, int perProto) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < perProto; i++) ports.add(nextPort++);
        long t0 = System.nanoTime();
        List<Flow> flows = new ArrayList<>(client.tcp(ports));
        flows.addAll(client.udp(ports));
        GuestReport.measure(flows.size() + " new flows (" + when + ")", t0);
        List<String> bad = new ArrayList<>();
        int[] per = new int[model.buckets() + 1];
        for (Flow f : flows) {
            int proto = f.proto() == Flow.Proto.TCP ? 6 : 17;
            int b = bucket(model, proto, f.sourcePort());
            String want = owner.apply(b);
            List<String> served = resp.servedBy(f.proto(), lab.clientAddress(), f.sourcePort());
            if (f.answered() && want.equals(f.answeredBy()) && served.equals(List.of(want))) {
                per[b]++;
            } else {
                bad.add(f.proto() + " :" + f.sourcePort() + " bucket " + b + " -> " + f.outcome() + " " + f.answeredBy()
                        + ", served by " + served + ", wanted " + want);
            }
        }
        flowsChecked += flows.size();
        StringBuilder perBucket = new StringBuilder();
        for (int b = 1; b < per.length; b++) perBucket.append(b == 1 ? "" : "/").append(per[b]);
        out.check(when + ": " + flows.size() + " new TCP/UDP flows each answered exactly once, by the owner of its bucket"
                + " (per bucket " + perBucket + ")", bad.isEmpty(), bad);
    }

    /** {@code perBucket} long-lived TCP connections in every bucket of {@code model}. */
    void hold(BucketPredictor model, int perBucket) throws Exception {
        int[] have = new int[model.buckets() + 1];
        int want = perBucket * model.buckets();
        int before = held.size();
        for (int tries = 0; tries < 400 && held.size() - before < want; tries++) {
            int sp = nextPort++;
            int b = bucket(model, 6, sp);
            if (have[b] >= perBucket) continue;
            held.add(client.hold(sp));
            have[b]++;
        }
        out.check(perBucket + " long-lived TCP connection(s) in each of the " + model.buckets() + " buckets",
                held.size() - before == want, java.util.Arrays.toString(have));
    }

    int heldCount() { return held.size(); }

    List<Integer> heldPorts() { return held.stream().map(TrafficClient.Held::sourcePort).toList(); }

    /** Pings every held connection once; the source ports that answered from the owner of their bucket under {@code model}. */
    List<Integer> answering(BucketPredictor model, IntFunction<String> owner) {
        List<Integer> ok = new ArrayList<>();
        for (TrafficClient.Held h : held) {
            pings++;
            try {
                if (h.ping().equals(owner.apply(bucket(model, 6, h.sourcePort())))) ok.add(h.sourcePort());
            } catch (IOException e) {
                // reset or closed: not answering
            }
        }
        return ok;
    }

    /**
     * Pings every held connection: each must still answer from the owner of its bucket under
     * {@code model} (no reset, no other node).
     */
    void pingHeld(String when, BucketPredictor model, IntFunction<String> owner) {
        long t0 = System.nanoTime();
        List<String> bad = new ArrayList<>();
        for (TrafficClient.Held h : held) {
            String want = owner.apply(bucket(model, 6, h.sourcePort()));
            pings++;
            try {
                String got = h.ping();
                if (!got.equals(want)) bad.add(":" + h.sourcePort() + " answered " + got + ", wanted " + want);
            } catch (IOException e) {
                bad.add(":" + h.sourcePort() + " " + e);
            }
        }
        GuestReport.measure("pings on " + held.size() + " long-lived connections (" + when + ")", t0);
        out.check(when + ": all " + held.size() + " long-lived TCP connections still answer from their node (no reset)",
                bad.isEmpty(), bad);
    }

    @Override
    public void close() {
        for (TrafficClient.Held h : held) {
            try {
                h.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        resp.close();
    }
}
