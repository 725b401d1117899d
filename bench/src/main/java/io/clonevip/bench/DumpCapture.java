package io.clonevip.bench;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterState;
import io.clonevip.nativ.NetNs;
import io.clonevip.netlink.NetlinkSocket;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nft.NftConn;
import java.io.FileOutputStream;
import java.io.OutputStream;

/**
 * Captures the kernel's replies to reading back one cluster IP ({@link ClusterIpTables#state}:
 * the dumps of tables, chains, sets, elements and rules of both tables) inside the network
 * namespace named by the first argument, and writes them as a {@link RecordedDump} to the
 * second. Run by {@code bench/capture-dump.sh}; the result is the resource the decode
 * benchmark replays. Usage: DumpCapture NETNS OUTFILE
 */
public final class DumpCapture {
    private DumpCapture() {}

    public static void main(String[] args) throws Exception {
        String ns = args[0];
        RecordedDump dump = NetNs.call(ns, () -> {
            try (NftConn c = NftConn.open()) {
                new ClusterIpTables(c).apply(Workloads.SPEC, BucketSet.parse(Workloads.LOCAL, Workloads.SPEC.buckets()));
            }
            DumpRecorder rec = new DumpRecorder(NetlinkSocket.open(netlink_h.NETLINK_NETFILTER()));
            try (NftConn c = new NftConn(rec, true)) {
                ClusterState st = new ClusterIpTables(c).state(Workloads.SPEC.vip());
                if (st == null || !st.whole()) throw new IllegalStateException("ruleset not read back whole: " + st);
                new ClusterIpTables(c).remove(Workloads.SPEC.vip());
            }
            return rec.dump();
        });
        try (OutputStream out = new FileOutputStream(args[1])) {
            dump.write(out);
        }
        System.out.printf("captured %d requests, %d reply bytes -> %s%n", dump.replies().size(), dump.replyBytes(), args[1]);
    }
}
