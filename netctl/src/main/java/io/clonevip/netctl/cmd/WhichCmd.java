package io.clonevip.netctl.cmd;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.ClusterState.TimedBucket;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.NoSuchClusterIpException;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.netctl.DrainView;
import io.clonevip.netctl.Endpoint;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.GlobalOptions;
import io.clonevip.netctl.HeldConnections;
import io.clonevip.netctl.Json;
import io.clonevip.netctl.JsonOption;
import io.clonevip.netctl.NetctlException;
import io.clonevip.netctl.NodeSession;
import io.clonevip.netctl.StatusView;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netctl which VIP CLIENT[:PORT]}: the bucket of a client flow and whether this node serves it. */
@Command(name = "which", mixinStandardHelpOptions = true,
        description = {"Tell which bucket a client flow lands in and whether this node serves it.",
                "The bucket comes from the Java model of the kernel's jhash. N, hash mode and seed are read from",
                "this node's ruleset or, with --buckets, taken from the options (nothing is read, no privileges",
                "needed)."},
        footerHeading = "%n",
        footer = {"Examples:",
                "  netctl which 198.51.100.100 198.51.100.50:40001",
                "  netctl which 198.51.100.100 198.51.100.50 --proto icmp",
                "  netctl which 198.51.100.100 198.51.100.50:40001 --buckets 12 --seed 0x1234abcd",
                "  netctl which 2001:db8::100 [2001:db8::50]:40001",
                "",
                "Exit status: 0, 2 for malformed input or an address that cannot be a VIP or a client (link-local,",
                "multicast, loopback, unspecified), 3 when VIP is not configured here (without --buckets)."})
public final class WhichCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "VIP", description = "The cluster IP, IPv4 or IPv6.")
    String vip;

    @Parameters(index = "1", paramLabel = "CLIENT[:PORT]",
            description = "The client address and source port (port needed when the hash uses it), [IPv6]:PORT for IPv6.")
    String client;

    @Option(names = "--dport", paramLabel = "PORT", description = "The server port (needed with hash mode sourceip-sourceport-destport).")
    String dport;

    @Option(names = "--proto", paramLabel = "tcp|udp|icmp", defaultValue = "tcp",
            description = "The protocol (default: ${DEFAULT-VALUE}); only TCP and UDP hash ports.")
    String proto;

    @Option(names = "--buckets", paramLabel = "N", description = "Do not read this node: N buckets, with --hash-mode and --seed.")
    Integer buckets;

    @Option(names = "--hash-mode", paramLabel = "MODE", description = "With --buckets: the hash mode (default sourceip-sourceport).")
    String hashMode;

    @Option(names = "--seed", paramLabel = "S", description = "With --buckets: the seed, decimal or 0x hex (default: derived from the VIP as every node does).")
    String seed;

    @Override
    public Integer call() throws Exception {
        InetAddress address = Endpoint.vip(vip);
        Endpoint from = Endpoint.parse("CLIENT", client);
        Endpoint.checkClient(from.address(), client);
        if ((from.address() instanceof Inet4Address) != (address instanceof Inet4Address)) {
            throw new NetctlException(ExitCodes.USAGE, "CLIENT " + Endpoint.text(from.address()) + " and VIP "
                    + Endpoint.text(address) + " are of different address families");
        }
        int protocol = protocol(proto, address instanceof Inet4Address);
        int dst = dport == null ? -1 : Endpoint.port("--dport", dport, dport);
        if (buckets == null && (hashMode != null || seed != null)) {
            throw new NetctlException(ExitCodes.USAGE, "--hash-mode and --seed go with --buckets N");
        }
        ClusterIpSpec cfg;
        ClusterState read = null; // null: not read (--buckets given)
        HeldConnections held = HeldConnections.NONE;
        if (buckets != null) {
            var b = ClusterIpSpec.builder().vip(address).nic("netctl").buckets(buckets);
            if (hashMode != null) b.hashMode(hashMode);
            if (seed != null) b.seed(seed);
            cfg = b.build();
        } else {
            Read r = NodeSession.call(GlobalOptions.netnsOf(spec), node -> {
                ClusterState st = node.tables().state(address);
                return new Read(st, st == null ? HeldConnections.NONE : HeldConnections.count(List.of(st)));
            });
            if (r.state() == null) {
                throw new NoSuchClusterIpException(Endpoint.text(address) + " (give --buckets N [--hash-mode M]"
                        + " [--seed S] to compute the bucket without it)");
            }
            cfg = r.state().spec();
            read = r.state();
            held = r.held();
        }
        boolean ports = usesPorts(cfg.hashMode(), protocol);
        if (ports && !from.hasPort()) {
            throw new NetctlException(ExitCodes.USAGE, "hash mode " + cfg.hashMode() + " hashes the client port for "
                    + proto.toLowerCase(Locale.ROOT) + ": give CLIENT:PORT");
        }
        if (ports && cfg.hashMode() == HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT && dst < 0) {
            throw new NetctlException(ExitCodes.USAGE, "hash mode " + cfg.hashMode() + " hashes the server port: give --dport PORT");
        }
        int sport = Math.max(from.port(), 0);
        int bucket = BucketPredictor.of(cfg).bucket(from.address(), protocol, sport, Math.max(dst, 0));
        print(cfg, from, dst, bucket, read, held);
        return ExitCodes.OK;
    }

    /** What was read in the namespace: the VIP's state (null: not configured) and the connections its drains still hold. */
    private record Read(ClusterState state, HeldConnections held) {}

    private void print(ClusterIpSpec cfg, Endpoint from, int dst, int bucket, ClusterState node, HeldConnections held) {
        PrintWriter out = spec.commandLine().getOut();
        String p = proto.toLowerCase(Locale.ROOT);
        Boolean served = node == null ? null : node.local().contains(bucket);
        TimedBucket drain = node == null ? null : DrainView.find(node.draining(), bucket);
        TimedBucket guard = node == null ? null : DrainView.find(node.guarded(), bucket);
        TimedBucket timed = drain != null ? drain : guard;
        Integer connections = drain == null ? null : held.of(cfg.vip(), bucket);
        String notCounted = drain == null ? null : held.notCounted(cfg.vip());
        if (json.json()) {
            out.println(Json.write(Json.obj("vip", Endpoint.text(cfg.vip()), "client", Endpoint.text(from.address()),
                    "client_port", from.hasPort() ? from.port() : null, "dport", dst < 0 ? null : dst, "proto", p,
                    "hash_mode", cfg.hashMode().keyword(), "seed", cfg.seed(), "seed_hex", StatusView.seedHex(cfg.seed()),
                    "buckets", cfg.buckets(), "bucket", bucket, "served_here", served,
                    "source", served == null ? "options" : "node", "state", node == null ? null : DrainView.state(node, bucket),
                    "expires_ms", timed == null ? null : timed.expiresMs(), "connections", connections,
                    "connections_note", notCounted)));
        } else {
            out.printf("%s %s -> %s: bucket %d of %d (%s, seed %s)%n", p, from, new Endpoint(cfg.vip(), dst), bucket, cfg.buckets(), cfg.hashMode(), StatusView.seedHex(cfg.seed()));
            out.println(served == null ? "this node: not read (--buckets given)" : here(bucket, served, drain, connections, guard));
            if (notCounted != null) out.println(DrainView.notCounted(notCounted));
        }
        out.flush();
    }

    /** What this node does with the bucket: serves it or not, drains it (with the connections it holds, null: not counted), guards it. */
    static String here(int bucket, boolean served, TimedBucket drain, Integer connections, TimedBucket guard) {
        if (drain != null) {
            return "this node drains bucket " + bucket + ": it answers only the bucket's established connections ("
                    + DrainView.left(drain.expiresMs()) + ", " + DrainView.held(connections) + drain.packets()
                    + " packets); another node takes its new ones";
        }
        String s = served ? "this node serves bucket " + bucket : "this node does not serve bucket " + bucket;
        if (guard == null) return s;
        return s + "; another node drains it: mid-stream packets of its connections are dropped here, not reset ("
                + DrainView.left(guard.expiresMs()) + ")";
    }

    static boolean usesPorts(HashMode mode, int protocol) {
        if (mode == HashMode.SOURCE_IP) return false;
        return protocol == BucketPredictor.IPPROTO_TCP || protocol == BucketPredictor.IPPROTO_UDP
                || (mode == HashMode.CLUSTERIP_COMPATIBLE && protocol != BucketPredictor.IPPROTO_ICMP);
    }

    static int protocol(String text, boolean v4) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> BucketPredictor.IPPROTO_TCP;
            case "udp" -> BucketPredictor.IPPROTO_UDP;
            case "icmp" -> v4 ? BucketPredictor.IPPROTO_ICMP : BucketPredictor.IPPROTO_ICMPV6;
            default -> throw new NetctlException(ExitCodes.USAGE, "unknown --proto '" + text + "': expected tcp, udp or icmp");
        };
    }
}
