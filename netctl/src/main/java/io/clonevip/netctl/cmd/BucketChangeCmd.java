package io.clonevip.netctl.cmd;

import io.clonevip.cluster.BucketChange;
import io.clonevip.cluster.BucketSet;
import io.clonevip.netctl.BucketArgs;
import io.clonevip.netctl.BucketMap;
import io.clonevip.netctl.Endpoint;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.GlobalOptions;
import io.clonevip.netctl.Json;
import io.clonevip.netctl.NodeSession;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** What {@code buckets add}, {@code del} and {@code set} share: checks and output. */
abstract class BucketChangeCmd extends BucketArgsCmd {
    /** Whether a single blank BUCKETS argument (no bucket) is accepted. */
    boolean blankAllowed() { return false; }

    /** The set wanted from the node's {@code current} set and the buckets {@code given}. */
    abstract BucketSet wanted(BucketSet current, BucketSet given);

    /**
     * One read and one transaction: the arguments are resolved against the spec that read found
     * (N buckets), and before and after are the sets that transaction went from and to.
     */
    @Override
    public Integer call() throws Exception {
        InetAddress address = Endpoint.vip(vip);
        BucketArgs args = BucketArgs.parse(buckets, blankAllowed());
        BucketChange c = NodeSession.call(GlobalOptions.netnsOf(spec), node -> node.tables().changeBuckets(address,
                (ruleset, current) -> wanted(current, args.resolve(ruleset.buckets(), Endpoint.text(address)))));
        print(address, c.before(), c.after());
        return ExitCodes.OK;
    }

    private void print(InetAddress address, BucketSet before, BucketSet after) {
        List<Integer> added = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        for (int b : after) if (!before.contains(b)) added.add(b);
        for (int b : before) if (!after.contains(b)) removed.add(b);
        PrintWriter out = spec.commandLine().getOut();
        if (json.json()) {
            out.println(Json.write(Json.obj("vip", Endpoint.text(address), "buckets", after.total(),
                    "before", list(before), "local_buckets", list(after), "local_text", after.format(),
                    "added", added, "removed", removed)));
        } else {
            out.printf("%s: local buckets %s (%d of %d)%n", Endpoint.text(address),
                    after.isEmpty() ? "none" : after.format(), after.size(), after.total());
            out.println("  map " + BucketMap.render(after).replace("\n", "\n    "));
            if (added.isEmpty() && removed.isEmpty()) out.println("  unchanged");
            if (!added.isEmpty()) out.println("  added " + text(added, after.total()));
            if (!removed.isEmpty()) out.println("  removed " + text(removed, after.total()));
        }
        out.flush();
        if (after.isEmpty()) {
            spec.commandLine().getErr().println("netctl: warning: this node now serves no bucket of " + Endpoint.text(address));
        }
    }
}
