package io.clonevip.clusterip;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterSpecException;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.cluster.VipAddress;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.Rtnetlink;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.Callable;

/**
 * Moves one node's CLUSTERIP VIP to clonevip's nftables data plane without cutting a
 * connection: the zero-disruption migration ({@code netctl migrate --apply --keep-connections}).
 *
 * <p>From the live CLUSTERIP state ({@link ClusterIpLegacyBackend#state}) it derives the
 * {@link ClusterIpSpec} with the same NIC, MAC, N = {@code --total-nodes}, seed =
 * {@code --hash-init} and the hash mode {@link HashMode#compatibleWith} CLUSTERIP's, and this
 * node's buckets = CLUSTERIP's live local nodes. Then, in this order:
 * <ol>
 * <li>applies the nft configuration ({@link ClusterIpNode#apply}: ruleset, address, multicast
 *     membership) next to the still active CLUSTERIP rule and reads it back; if CLUSTERIP's local
 *     nodes changed meanwhile, converges to them;</li>
 * <li>removes the CLUSTERIP rule (and with it the kernel's CLUSTERIP config), then re-asserts
 *     address and membership.</li>
 * </ol>
 * Both steps are safe while packets flow: nft's prerouting chain (priority mangle) runs before
 * filter INPUT, where CLUSTERIP runs, and both compute the same bucket for every packet and
 * accept the same set of buckets, so during step 1 a packet passes both or neither; CLUSTERIP
 * kept its node number in the conntrack mark of every connection it accepted, which is what the
 * nft ruleset's {@code ct mark @cv_local} checks for established connections. Removing CLUSTERIP
 * first instead would leave the node accepting every packet for a moment (duplicate answers).
 *
 * <p>Idempotent: a second run finds no CLUSTERIP rule and the nft configuration in place
 * ({@link Outcome#ALREADY_MIGRATED}); a run interrupted between the steps is completed
 * ({@link Outcome#RESUMED}). Works in network namespace {@code netns} (null: the caller's).
 */
public final class ClusteripToNft {

    /** What {@link #migrate} did. */
    public enum Outcome {
        /** nft configured, CLUSTERIP removed. */
        MIGRATED,
        /** The nft configuration was already there (an earlier run stopped between the steps); CLUSTERIP removed. */
        RESUMED,
        /** No CLUSTERIP rule, the clonevip ruleset in place: nothing changed. */
        ALREADY_MIGRATED
    }

    /**
     * One VIP's migration on this node.
     *
     * @param spec       the cluster IP as nft will run it (from the CLUSTERIP rule, or the existing ruleset)
     * @param local      this node's buckets (CLUSTERIP's live local nodes)
     * @param address    how the VIP sits on the NIC (read from the NIC unless given); null when already migrated
     * @param clusterip  the CLUSTERIP rule to remove; empty when already removed
     * @param nftInPlace whether a clonevip ruleset with this spec already exists
     */
    public record Plan(ClusterIpSpec spec, BucketSet local, VipAddress address, Optional<ClusterIpRule> clusterip,
                       boolean nftInPlace) {
        Plan withLocal(BucketSet l) { return new Plan(spec, l, address, clusterip, nftInPlace); }
    }

    /** The outcome, the plan as finally applied (its local buckets re-read), and advisories. */
    public record Result(Outcome outcome, Plan plan, List<String> warnings) {}

    private static final int CONVERGE_ATTEMPTS = 3;
    private static final int ENOPROTOOPT = 92;

    private final String netns;
    private final ClusteripRules backend;

    /** Migrations in network namespace {@code netns}; null = the caller's. */
    public ClusteripToNft(String netns) {
        this(netns, new ClusterIpLegacyBackend(netns));
    }

    /** Migrations in {@code netns} of the CLUSTERIP rules {@code clusterip} reads and removes. */
    public ClusteripToNft(String netns, ClusteripRules clusterip) {
        this.netns = netns;
        this.backend = clusterip;
    }

    /**
     * Reads what is there and plans the migration of {@code vip}; changes nothing.
     *
     * @param address how to put the VIP on the NIC; null = as it is on the rule's NIC now (IPaddr2 put it there)
     */
    public Plan plan(Inet4Address vip, VipAddress address) throws KernelException, ClusterIpException {
        ClusterIpState st = clusteripState(vip);
        ClusterState nft = nftState(vip);
        if (st.rules().isEmpty()) {
            if (nft == null) {
                throw new ClusterIpException(ClusterIpException.Reason.NOTHING_TO_MIGRATE,
                        "no CLUSTERIP rule for " + vip.getHostAddress() + " in filter/INPUT and no clonevip ruleset for it on this node");
            }
            return new Plan(nft.spec(), nft.local(), address, Optional.empty(), true);
        }
        ClusterIpRule rule = configRule(st);
        ClusterIpSpec spec = spec(rule);
        BucketSet local = liveLocal(st, spec);
        if (nft != null && !nft.spec().equals(spec)) {
            throw new ClusterIpException(ClusterIpException.Reason.CONFLICT, "a clonevip ruleset for "
                    + vip.getHostAddress() + " already exists with " + describe(nft.spec()) + ", but the CLUSTERIP rule '"
                    + rule.iptablesSpec(ClusterIpLegacyBackend.CHAIN) + "' means " + describe(spec)
                    + "; remove one of them first (netctl remove, or iptables -D)");
        }
        VipAddress a = address != null ? address : addressOnNic(spec.nic(), vip);
        return new Plan(spec, local, a, Optional.of(rule), nft != null);
    }

    /** Plans and carries out the migration of {@code vip} (see the class description). */
    public Result migrate(Inet4Address vip, VipAddress address) throws KernelException, ClusterIpException {
        Plan p = plan(vip, address);
        List<String> warnings = new ArrayList<>();
        if (!p.spec().hashMode().clusteripCompatible()) {
            warnings.add("the clonevip ruleset hashes with " + p.spec().hashMode() + ", not a clusterip-compatible mode");
        }
        if (p.clusterip().isEmpty()) return new Result(Outcome.ALREADY_MIGRATED, p, List.copyOf(warnings));
        if (p.local().isEmpty()) warnings.add("CLUSTERIP serves no bucket on this node, so neither will clonevip");
        Plan applied = applyNft(p);
        removeClusterip(applied);
        return new Result(p.nftInPlace() ? Outcome.RESUMED : Outcome.MIGRATED, applied, List.copyOf(warnings));
    }

    /**
     * Step 1: the nft configuration next to CLUSTERIP, read back; repeated with CLUSTERIP's
     * current local nodes if they changed meanwhile. Returns the plan as applied.
     */
    Plan applyNft(Plan p) throws KernelException, ClusterIpException {
        Inet4Address vip = (Inet4Address) p.spec().vip();
        Plan cur = p;
        for (int attempt = 1; ; attempt++) {
            Plan want = cur;
            NodeStatus s = in(() -> {
                try (ClusterIpNode node = ClusterIpNode.open()) {
                    node.apply(want.spec(), want.address(), want.local());
                    return node.status(vip);
                }
            });
            confirm(want, s);
            BucketSet live = liveLocal(backend.state(vip), want.spec());
            if (live.equals(want.local())) return want;
            if (attempt >= CONVERGE_ATTEMPTS) {
                throw new ClusterIpException(ClusterIpException.Reason.NOT_CONFIRMED,
                        "CLUSTERIP's local nodes for " + vip.getHostAddress() + " kept changing (now " + live.format()
                        + "); keep the cluster manager from starting or stopping instances (maintenance mode) and run again");
            }
            cur = want.withLocal(live);
        }
    }

    /** Step 2: the CLUSTERIP rule goes (its config, /proc file and multicast reference with it); address and membership re-asserted. */
    void removeClusterip(Plan p) throws KernelException, ClusterIpException {
        Inet4Address vip = (Inet4Address) p.spec().vip();
        backend.removeRules(vip);
        NodeStatus s = in(() -> {
            try (ClusterIpNode node = ClusterIpNode.open()) {
                node.apply(p.spec(), p.address(), p.local());
                return node.status(vip);
            }
        });
        confirm(p, s);
    }

    private static void confirm(Plan p, NodeStatus s) throws ClusterIpException {
        String vip = p.spec().vip().getHostAddress();
        List<String> problems = new ArrayList<>();
        if (s == null) {
            problems.add("no clonevip ruleset");
        } else {
            problems.addAll(s.state().problems());
            if (!s.state().spec().equals(p.spec())) problems.add("spec " + describe(s.state().spec()));
            if (!s.state().local().equals(p.local())) problems.add("local buckets " + s.state().local().format());
            if (!s.addressPresent()) problems.add("address missing");
            if (!s.multicastJoined()) problems.add("cluster MAC not joined");
        }
        if (!problems.isEmpty()) {
            throw new ClusterIpException(ClusterIpException.Reason.NOT_CONFIRMED, "the nftables configuration of "
                    + vip + " did not read back as planned (" + String.join("; ", problems) + ")");
        }
    }

    /** The rule that created the kernel's config (the one with {@code --new}); several must agree. */
    private static ClusterIpRule configRule(ClusterIpState st) throws ClusterIpException {
        List<ClusterIpRule> withNew = st.rules().stream().filter(r -> r.target().createsConfig()).toList();
        if (withNew.isEmpty()) {
            throw unreadable(st.rules().get(0), "no rule for the VIP has --new, so none carries the cluster's parameters");
        }
        ClusterIpRule first = withNew.get(0);
        for (ClusterIpRule r : withNew) {
            if (r.disagreement(first) != null) throw unreadable(r, "it disagrees with '" + first.iptablesSpec(ClusterIpLegacyBackend.CHAIN) + "'");
        }
        return first;
    }

    /** CLUSTERIP's parameters (a rule with {@code --new}) as a clonevip spec with the compatible hash mode. */
    public static ClusterIpSpec spec(ClusterIpRule rule) throws ClusterIpException {
        ClusterIpTarget t = rule.target();
        if (t.hashMode() == null) throw unreadable(rule, "its hash mode is none of the three CLUSTERIP modes");
        try {
            return ClusterIpSpec.builder().vip(rule.vip()).nic(rule.iface()).buckets(t.totalNodes())
                    .hashMode(HashMode.compatibleWith(t.hashMode().clonevipMode()))
                    .seed(t.hashInit()).clusterMac(t.clusterMac()).build();
        } catch (ClusterSpecException e) {
            throw unreadable(rule, e.getMessage());
        }
    }

    /** The CLUSTERIP state; without the legacy iptables module loaded there can be no CLUSTERIP rule. */
    private ClusterIpState clusteripState(Inet4Address vip) throws KernelException {
        try {
            return backend.state(vip);
        } catch (KernelException e) {
            if (e.rawErrno() == ENOPROTOOPT) return new ClusterIpState(vip, List.of(), Optional.empty());
            throw e;
        }
    }

    private static BucketSet liveLocal(ClusterIpState st, ClusterIpSpec spec) {
        Optional<SortedSet<Integer>> nodes = st.localNodes();
        BucketSet s = BucketSet.empty(spec.buckets());
        if (nodes.isPresent()) for (int k : nodes.get()) if (k >= 1 && k <= spec.buckets()) s = s.with(k);
        return s;
    }

    private VipAddress addressOnNic(String nic, Inet4Address vip) throws KernelException, ClusterIpException {
        Optional<IfAddr> found = in(() -> {
            try (NetlinkConn rtnl = Rtnetlink.open()) {
                Link link = new Links(rtnl).byName(nic);
                return new AddressOps(rtnl).list(link.index(), libc_h.AF_INET()).stream()
                        .filter(a -> a.address().equals(vip)).findFirst();
            }
        });
        if (found.isEmpty()) {
            throw new ClusterIpException(ClusterIpException.Reason.NO_ADDRESS, vip.getHostAddress()
                    + " is not on " + nic + "; give its prefix length (e.g. --cidr-netmask 24)");
        }
        IfAddr a = found.get();
        String label = a.label() == null || a.label().equals(nic) ? null : a.label();
        return new VipAddress(a.prefix(), a.broadcast(), label);
    }

    private ClusterState nftState(Inet4Address vip) throws KernelException, ClusterIpException {
        return in(() -> {
            try (ClusterIpNode node = ClusterIpNode.open()) {
                return node.tables().state(vip);
            }
        });
    }

    static String describe(ClusterIpSpec s) {
        return "nic " + s.nic() + ", " + s.buckets() + " buckets, hash " + s.hashMode() + ", seed 0x"
                + Long.toHexString(s.seed()) + ", mac " + s.clusterMac();
    }

    private static ClusterIpException unreadable(ClusterIpRule r, String why) {
        return new ClusterIpException(ClusterIpException.Reason.UNREADABLE_RULE,
                "cannot migrate '" + r.iptablesSpec(ClusterIpLegacyBackend.CHAIN) + "': " + why);
    }

    private <T> T in(Callable<T> work) throws KernelException, ClusterIpException {
        return ClusterIpLegacyBackend.call(netns, work);
    }
}
