package io.clonevip.clusterip;

import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.net.TestNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conntrack table of a namespace ({@code /proc/thread-self/net/nf_conntrack}, the 6.1 guest
 * kernel has CONFIG_NF_CONNTRACK_PROCFS), keyed by the original direction: what a node accepted
 * and with which mark. A packet a node drops never gets a confirmed entry.
 */
final class GuestConntrack {
    private GuestConntrack() {}

    /** One entry: protocol name, original source, ports (ICMP: id, 0) and the ct mark. */
    record Entry(String proto, String src, int sport, int dport, long mark) {
        String key() { return GuestConntrack.key(proto, src, sport, dport); }
    }

    static String key(String proto, String src, int sport, int dport) {
        return proto.equals("icmp") ? "icmp " + src : proto + " " + src + ":" + sport + ">" + dport;
    }

    /**
     * Reads until every key of {@code wanted} was seen or {@code reads} reads were made, keeping
     * the union: one read of the proc file is several read(2) calls, each restarting the walk of the
     * hash table at a position, so an entry can be missed by one read while the table changes.
     * Prints how many extra reads were needed.
     */
    static Map<String, Entry> readAll(TestNetns ns, java.util.Collection<String> wanted, int reads) throws Exception {
        Map<String, Entry> all = read(ns);
        int n = 1;
        while (n < reads && !all.keySet().containsAll(wanted)) {
            n++;
            read(ns).forEach(all::putIfAbsent);
        }
        if (n > 1) {
            System.out.println("  conntrack of " + ns.name() + ": " + n + " reads to see " + wanted.size() + " expected entries"
                    + (all.keySet().containsAll(wanted) ? "" : " (still missing some)"));
        }
        return all;
    }

    /** Entries by {@link Entry#key()} (ICMP: by source address alone, the last one wins). */
    static Map<String, Entry> read(TestNetns ns) throws Exception {
        List<String> lines = NetNs.call(ns.name(), () -> Files.readAllLines(Path.of("/proc/thread-self/net/nf_conntrack")));
        Map<String, Entry> out = new HashMap<>();
        for (String line : lines) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 4 || !t[0].equals("ipv4")) continue;
            String proto = t[2];
            String src = null;
            int sport = -1;
            int dport = -1;
            long mark = -1;
            for (String w : t) {
                if (src == null && w.startsWith("src=")) src = w.substring(4);
                else if (sport < 0 && w.startsWith("sport=")) sport = Integer.parseInt(w.substring(6));
                else if (dport < 0 && w.startsWith("dport=")) dport = Integer.parseInt(w.substring(6));
                else if (sport < 0 && w.startsWith("id=")) sport = Integer.parseInt(w.substring(3));
                else if (w.startsWith("mark=")) mark = Long.parseLong(w.substring(5));
            }
            if (src == null) continue;
            Entry e = new Entry(proto, src, sport, Math.max(dport, 0), mark);
            out.put(e.key(), e);
        }
        return out;
    }
}
