package io.clonevip.netctl.cmd;

import io.clonevip.cluster.DesiredState;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.cluster.Repair;
import io.clonevip.cluster.NoSuchClusterIpException;
import io.clonevip.netctl.DesiredView;
import io.clonevip.netctl.Endpoint;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.GlobalOptions;
import io.clonevip.netctl.HeldConnections;
import io.clonevip.netctl.JsonOption;
import io.clonevip.netctl.NodeSession;
import io.clonevip.netctl.StatusView;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netctl status [VIP]}: every cluster IP on this node, or one. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the cluster IPs on this node.",
                "For each: VIP, NIC, mode, hash mode, seed, cluster MAC, N, the local buckets (as a map: # served",
                "here, . not), the drains (with the TCP connections each still holds here) and guards with their",
                "time left, per-bucket packet/byte counters and new connections, whether the address and the",
                "multicast membership are in place, and every problem found; then the node's desired state",
                "(what IPaddr3 and netctl last recorded), every departure of the kernel from it, and the",
                "resident daemon's latest repair (who, when, what it found)."},
        footerHeading = "%n",
        footer = {"Exit status: 0 (also when no cluster IP is configured), 3 when VIP is not configured here,",
                "4 without privileges, 5 when --netns names no namespace."})
public final class StatusCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VIP", description = "Only this cluster IP.")
    String vip;

    /** What was read in the namespace: the cluster IPs and the connections their drains still hold. */
    private record Read(List<NodeStatus> all, HeldConnections held) {}

    @Override
    public Integer call() throws Exception {
        InetAddress only = vip == null ? null : Endpoint.vip(vip);
        String netns = GlobalOptions.netnsOf(spec);
        DesiredStates store = DesiredStates.at(DesiredStates.root(System.getenv()), netns);
        List<DesiredState> desired = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Map<InetAddress, Repair> repairs = new HashMap<>();
        try {
            for (DesiredState d : store.list(unreadable)) {
                if (only != null && !only.equals(d.vip())) continue;
                desired.add(d);
                Repair r = store.lastRepair(d.vip());
                if (r != null) repairs.put(d.vip(), r);
            }
        } catch (IOException | RuntimeException e) {
            unreadable.add(store.dir() + ": " + e.getMessage()); // e.g. not root: the kernel's part is still shown
        }
        Read read = NodeSession.call(netns, node -> {
            List<NodeStatus> found;
            if (only == null) {
                found = node.statusAll();
            } else {
                NodeStatus s = node.status(only);
                if (s == null && desired.isEmpty()) throw new NoSuchClusterIpException(Endpoint.text(only));
                found = s == null ? List.of() : List.of(s);
            }
            return new Read(found, HeldConnections.count(found.stream().map(NodeStatus::state).toList()));
        });
        List<NodeStatus> all = read.all();
        List<DesiredView> views = DesiredView.of(desired, all, repairs);
        PrintWriter out = spec.commandLine().getOut();
        for (String u : unreadable) spec.commandLine().getErr().println("netctl: skipped an unreadable desired state: " + u);
        out.print(json.json() ? StatusView.json(all, views, read.held()) + "\n" : StatusView.human(all, views, read.held()));
        out.flush();
        return ExitCodes.OK;
    }
}
