package io.clonevip.netctl.cmd;

import io.clonevip.cluster.NodeStatus;
import io.clonevip.cluster.NoSuchClusterIpException;
import io.clonevip.netctl.Endpoint;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.GlobalOptions;
import io.clonevip.netctl.JsonOption;
import io.clonevip.netctl.NodeSession;
import io.clonevip.netctl.StatusView;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.List;
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
                "here, . not), per-bucket packet/byte counters and new connections, whether the address and the",
                "multicast membership are in place, and every problem found."},
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

    @Override
    public Integer call() throws Exception {
        InetAddress only = vip == null ? null : Endpoint.address("VIP", vip);
        List<NodeStatus> all = NodeSession.call(GlobalOptions.netnsOf(spec), node -> {
            if (only == null) return node.statusAll();
            NodeStatus s = node.status(only);
            if (s == null) throw new NoSuchClusterIpException(only.getHostAddress());
            return List.of(s);
        });
        PrintWriter out = spec.commandLine().getOut();
        out.print(json.json() ? StatusView.json(all) + "\n" : StatusView.human(all));
        out.flush();
        return ExitCodes.OK;
    }
}
