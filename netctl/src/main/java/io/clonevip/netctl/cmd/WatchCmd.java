package io.clonevip.netctl.cmd;

import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.NoSuchClusterIpException;
import io.clonevip.nativ.KernelException;
import io.clonevip.netctl.CounterRates;
import io.clonevip.netctl.Endpoint;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.GlobalOptions;
import io.clonevip.netctl.HeldConnections;
import io.clonevip.netctl.JsonOption;
import io.clonevip.netctl.NetctlException;
import io.clonevip.netctl.NodeSession;
import io.clonevip.netctl.WatchView;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netctl watch [VIP]}: live per-bucket rates from counter deltas. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Show live per-bucket rates of the cluster IPs on this node.",
                "Packets/s and bytes/s of local and draining buckets and new connections/s of every bucket, from the",
                "counters' deltas; the drains with the TCP connections each still holds here, and the guards.",
                "On a terminal the picture is redrawn in place; otherwise (or with --no-ansi) every sample is",
                "printed as plain lines. --json prints one JSON document per line."},
        footerHeading = "%n",
        footer = {"Ends after --count samples, or on Ctrl-C (the cursor is restored).",
                "Exit status: 0, 2 for a bad --interval/--count, 3 when VIP is not configured here."})
public final class WatchCmd implements Callable<Integer> {
    private static final Pattern INTERVAL = Pattern.compile("(\\d{1,7})(ms|s)?");
    private static final String SHOW_CURSOR = "\033[?25h";

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VIP", description = "Only this cluster IP.")
    String vip;

    @Option(names = "--interval", paramLabel = "TIME", defaultValue = "1s",
            description = "Time between samples: 1s, 500ms, 2 (seconds); at least 100ms (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Stop after N samples (0: until Ctrl-C).")
    int count;

    @Option(names = "--ansi", negatable = true,
            description = "Redraw in place with ANSI escapes (default: only when standard output is a terminal).")
    Boolean ansi;

    @Override
    public Integer call() throws Exception {
        InetAddress only = vip == null ? null : Endpoint.vip(vip);
        long millis = millis(interval);
        if (count < 0) throw new NetctlException(ExitCodes.USAGE, "--count " + count + " is negative");
        boolean redraw = !json.json() && (ansi != null ? ansi : System.console() != null && System.console().isTerminal());
        PrintWriter out = spec.commandLine().getOut();
        Thread restore = redraw ? Thread.ofPlatform().unstarted(() -> { out.print(SHOW_CURSOR + "\n"); out.flush(); }) : null;
        String netns = GlobalOptions.netnsOf(spec);
        try (ClusterIpNode node = NodeSession.open(netns); HeldConnections.Source connections = HeldConnections.open(netns)) {
            List<ClusterState> before = read(node, only);
            long t0 = System.nanoTime();
            if (redraw) {
                Runtime.getRuntime().addShutdownHook(restore);
                out.print("\033[?25l\033[2J");
            }
            for (int n = 1; count == 0 || n <= count; n++) {
                Thread.sleep(millis); // the sampling period (pacing, not synchronisation)
                List<ClusterState> after = read(node, only);
                long t1 = System.nanoTime();
                CounterRates r = CounterRates.between(before, after, (t1 - t0) / 1e9, Instant.now());
                HeldConnections held = HeldConnections.count(after, connections);
                if (json.json()) {
                    out.println(WatchView.json(r, held));
                } else if (redraw) {
                    out.print("\033[H" + String.join("\033[K\n", WatchView.frame(r, held, interval)) + "\033[K\n\033[J");
                } else {
                    out.println(String.join("\n", WatchView.frame(r, held, interval)));
                    out.println();
                }
                out.flush();
                before = after;
                t0 = t1;
            }
        } finally {
            if (redraw) {
                out.print(SHOW_CURSOR);
                out.flush();
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException | IllegalArgumentException e) {
                    // shutting down already (the hook runs) or never added
                }
            }
        }
        return ExitCodes.OK;
    }

    private static List<ClusterState> read(ClusterIpNode node, InetAddress only) throws KernelException {
        if (only == null) return node.tables().list();
        ClusterState st = node.tables().state(only);
        if (st == null) throw new NoSuchClusterIpException(Endpoint.text(only));
        return List.of(st);
    }

    static long millis(String text) {
        Matcher m = INTERVAL.matcher(text.strip());
        if (!m.matches()) {
            throw new NetctlException(ExitCodes.USAGE, "malformed --interval '" + text + "': expected e.g. 1s, 500ms or 2");
        }
        long v = Long.parseLong(m.group(1));
        long ms = "ms".equals(m.group(2)) ? v : v * 1000;
        if (ms < 100) throw new NetctlException(ExitCodes.USAGE, "--interval " + text + " is below 100ms");
        return ms;
    }
}
