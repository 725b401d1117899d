package io.clonevip.netctl.cmd;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterChange;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.ClusterState.TimedBucket;
import io.clonevip.cluster.NoSuchClusterIpException;
import io.clonevip.nativ.KernelException;
import io.clonevip.netctl.BucketArgs;
import io.clonevip.netctl.DrainView;
import io.clonevip.netctl.Endpoint;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.GlobalOptions;
import io.clonevip.netctl.Json;
import io.clonevip.netctl.NodeSession;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code buckets undrain} and {@code unguard} share: each bucket given that is draining
 * (guarded) has its drain (guard) ended now, before the kernel would end it, one transaction a
 * bucket; a bucket that is not (any more: the kernel may end it any moment) is left alone and
 * named, and is no error.
 */
abstract class BucketTimeEndCmd extends BucketArgsCmd {
    /** {@code draining} or {@code guarded}: the JSON key of the list and the human word. */
    abstract String kind();

    /** The buckets of {@code st} this command ends. */
    abstract List<TimedBucket> timed(ClusterState st);

    /** {@code draining 3 (41 s left, 1520 packets)} and the like. */
    abstract String text(TimedBucket t);

    /** Ends the drain or guard of {@code bucket}. */
    abstract ClusterChange end(ClusterIpNode node, InetAddress vip, int bucket) throws KernelException;

    private final List<String> notes = new ArrayList<>();

    /** A line about what ending one bucket did besides (e.g. the connections it closed), printed after the buckets ended. */
    void note(String line) { notes.add(line); }

    /** What was done: the state first read, the entries ended as that read had them, the buckets left alone, the state left. */
    private record Done(ClusterState first, List<TimedBucket> ended, List<Integer> left, ClusterState after) {}

    @Override
    public Integer call() throws Exception {
        InetAddress address = Endpoint.vip(vip);
        BucketArgs args = BucketArgs.parse(buckets, false);
        Done d = NodeSession.call(GlobalOptions.netnsOf(spec), node -> {
            ClusterState st = node.tables().state(address);
            if (st == null) throw new NoSuchClusterIpException(Endpoint.text(address));
            BucketSet given = args.resolve(st.spec().buckets(), Endpoint.text(address));
            List<TimedBucket> ended = new ArrayList<>();
            List<Integer> left = new ArrayList<>();
            ClusterState now = st;
            for (int b : given) {
                if (now == null || DrainView.find(timed(now), b) == null) {
                    left.add(b);
                    continue;
                }
                ClusterChange c = end(node, address, b);
                TimedBucket t = c.before() == null ? null : DrainView.find(timed(c.before()), b);
                if (t != null) ended.add(t);
                else left.add(b);
                now = c.after();
            }
            return new Done(st, List.copyOf(ended), List.copyOf(left), now);
        });
        print(address, d);
        return ExitCodes.OK;
    }

    private void print(InetAddress address, Done d) {
        PrintWriter out = spec.commandLine().getOut();
        ClusterState a = d.after();
        if (json.json()) {
            Map<String, Object> m = Json.obj("vip", Endpoint.text(address), "buckets", d.first().spec().buckets(),
                    "ended", DrainView.json(d.ended()), "not_" + kind(), d.left(), "removed", a == null,
                    "local_buckets", a == null ? List.of() : list(a.local()),
                    "draining", a == null ? List.of() : DrainView.json(a.draining()),
                    "guarded", a == null ? List.of() : DrainView.json(a.guarded()), "notes", List.copyOf(notes));
            out.println(Json.write(m));
        } else {
            out.println(Endpoint.text(address) + ": " + (a == null
                    ? "removed (no bucket served or drained here any more: tables, address and cluster MAC membership gone)"
                    : String.format("local buckets %s (%d of %d)", a.local().isEmpty() ? "none" : a.local().format(),
                            a.local().size(), a.spec().buckets())));
            for (TimedBucket t : d.ended()) out.println("  ended: " + text(t));
            for (String n : notes) out.println("  " + n);
            if (!d.left().isEmpty()) out.println("  not " + kind() + " (nothing to do): " + text(d.left(), d.first().spec().buckets()));
            if (a != null) for (String l : DrainView.lines(a)) out.println("  " + l);
        }
        out.flush();
    }
}
