package io.clonevip.netctl.migrate;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterSpecException;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.VipAddress;
import io.clonevip.clusterip.ClusterIpProc;
import io.clonevip.migrate.VipMigration;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.NetctlException;
import io.clonevip.netctl.NodeSession;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.Rtnetlink;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ClusterIpApplier} of this node: checks every VIP first (spec, NIC present, prefix),
 * refuses a VIP this node still serves through a live CLUSTERIP rule,
 * then applies them one by one with {@link ClusterIpNode#apply}; when one fails, the VIPs this
 * call created are removed again (a VIP that was configured before is left as the apply made it).
 */
final class NodeApplier implements ClusterIpApplier {
    private final String netns;
    private final Integer cidrNetmask;
    private final PrintWriter warnings;

    NodeApplier(String netns, Integer cidrNetmask, PrintWriter warnings) {
        this.netns = netns;
        this.cidrNetmask = cidrNetmask;
        this.warnings = warnings;
    }

    private record Planned(ClusterIpSpec spec, VipAddress address, BucketSet local) {}

    @Override
    public List<String> apply(List<VipMigration> vips) throws Exception {
        List<ClusterIpSpec> specs = new ArrayList<>();
        for (VipMigration v : vips) specs.add(spec(v));
        return NodeSession.call(netns, node -> {
            for (ClusterIpSpec spec : specs) refuseLiveClusterip(spec);
            List<Planned> plan = new ArrayList<>();
            for (int i = 0; i < vips.size(); i++) {
                ClusterIpSpec spec = specs.get(i);
                Link nic = nic(node, spec);
                plan.add(new Planned(spec, VipAddress.of(prefix(nic, spec.vip())),
                        BucketSet.of(spec.buckets(), vips.get(i).localBuckets().stream().mapToInt(Integer::intValue).toArray())));
            }
            List<Planned> created = new ArrayList<>();
            List<String> done = new ArrayList<>();
            try {
                for (Planned p : plan) {
                    boolean existed = node.tables().state(p.spec().vip()) != null;
                    node.apply(p.spec(), p.address(), p.local());
                    if (!existed) created.add(p);
                    done.add(p.spec().vip().getHostAddress() + "/" + p.address().prefix() + " on " + p.spec().nic()
                            + ": N=" + p.spec().buckets() + ", " + p.spec().hashMode() + ", seed "
                            + String.format("0x%08x", p.spec().seed()) + ", local buckets "
                            + (p.local().isEmpty() ? "none" : p.local().format()));
                }
            } catch (Exception e) {
                for (Planned p : created) {
                    try {
                        node.remove(p.spec(), p.address());
                    } catch (KernelException undo) {
                        e.addSuppressed(undo);
                    }
                }
                throw e;
            }
            return done;
        });
    }

    /** The clonevip spec of a CLUSTERIP VIP: same N, seed (hash-init), MAC; the hash mode with the same key fields. */
    static ClusterIpSpec spec(VipMigration v) {
        if (v.nic() == null) {
            throw new NetctlException(ExitCodes.BAD_INPUT_FILE, "cannot apply " + v.vip() + ": its CLUSTERIP rule names"
                    + " no -i interface; nothing was changed (configure it through IPaddr3 with nic=)");
        }
        try {
            return ClusterIpSpec.builder().vip(v.vip()).nic(v.nic()).buckets(v.buckets())
                    .hashMode(HashMode.parse(v.hashMode().clonevipName())).seed(v.seed()).clusterMac(v.mac()).build();
        } catch (ClusterSpecException e) {
            throw new NetctlException(ExitCodes.BAD_INPUT_FILE, "cannot apply " + v.vip() + ": " + e.getMessage()
                    + "; nothing was changed");
        }
    }

    /**
     * A VIP this node still serves through CLUSTERIP (its /proc/net/ipt_CLUSTERIP file exists, read
     * without touching the legacy tables) would pass both CLUSTERIP's hash and nft's: clients of
     * this node's buckets would go unanswered. Refused, as docs/user/migration.md says to remove the rule first.
     */
    private static void refuseLiveClusterip(ClusterIpSpec spec) throws KernelException {
        if (!(spec.vip() instanceof Inet4Address v4) || ClusterIpProc.localNodes(v4).isEmpty()) return;
        throw new NetctlException(ExitCodes.CONFLICT, "cannot apply " + v4.getHostAddress() + ": this node still runs a"
                + " CLUSTERIP rule for it (" + ClusterIpProc.path(v4).replace("/thread-self", "") + " exists): remove that"
                + " rule first (iptables -D with the line from iptables-save), or move it with --keep-connections;"
                + " nothing was changed");
    }

    private static Link nic(ClusterIpNode node, ClusterIpSpec spec) throws KernelException {
        try {
            return node.nic(spec.nic());
        } catch (KernelException e) {
            if (!e.is(Errno.ENODEV)) throw e;
            throw new NetctlException(ExitCodes.FAILURE, "cannot apply " + spec.vip().getHostAddress() + ": this node has"
                    + " no interface " + spec.nic() + "; nothing was changed");
        }
    }

    /** --cidr-netmask, else the prefix of the NIC's address in the VIP's network (the VIP's own first), else 32. */
    private int prefix(Link nic, InetAddress vip) throws KernelException {
        if (cidrNetmask != null) return cidrNetmask;
        List<IfAddr> have;
        try (NetlinkConn rt = Rtnetlink.open()) {
            have = new AddressOps(rt).list(nic.index(), 0);
        }
        IfAddr best = null;
        for (IfAddr a : have) {
            if (a.address().equals(vip)) { best = a; break; }
            if (best == null && sameNetwork(a, vip)) best = a;
        }
        int prefix = best == null ? (vip.getAddress().length == 4 ? 32 : 128) : best.prefix();
        warnings.println("netctl: warning: no --cidr-netmask: " + vip.getHostAddress() + " goes on " + nic.name() + " as /"
                + prefix + (best == null ? " (no address of " + nic.name() + " is in its network)"
                : " (from " + best.cidr() + " on " + nic.name() + ")"));
        warnings.flush();
        return prefix;
    }

    private static boolean sameNetwork(IfAddr a, InetAddress vip) {
        byte[] x = a.address().getAddress();
        byte[] y = vip.getAddress();
        if (x.length != y.length || a.prefix() <= 0) return false;
        int bits = x.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - a.prefix()).subtract(BigInteger.ONE));
        return new BigInteger(1, x).and(mask).equals(new BigInteger(1, y).and(mask));
    }
}
