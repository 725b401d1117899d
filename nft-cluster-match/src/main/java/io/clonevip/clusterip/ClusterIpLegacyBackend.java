package io.clonevip.clusterip;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.Syscalls;
import io.clonevip.nativ.bind.ip_tables_h;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.Callable;

/**
 * CLUSTERIP programmed the way IPaddr2 did it, without an iptables process: the rule
 * {@code -d VIP -i NIC -j CLUSTERIP --new ...} at the head of INPUT in table filter, changed
 * through the legacy iptables ABI in one atomic {@code IPT_SO_SET_REPLACE} (foreign rules and
 * their counters kept, under iptables' own {@code /run/xtables.lock}), and the local buckets
 * through {@code /proc/net/ipt_CLUSTERIP/<VIP>}.
 *
 * <p>Only kernels up to 6.2 have CLUSTERIP, and only through the legacy ABI: nft_compat refuses
 * it ({@code EOPNOTSUPP}). Every call runs in network namespace {@code netns} (null: the
 * caller's).
 */
public final class ClusterIpLegacyBackend implements ClusteripRules {
    /** The table and built-in chain the rule lives in (IPaddr2's defaults). */
    public static final String TABLE = "filter";
    public static final String CHAIN = "INPUT";
    private static final int HOOK = ip_tables_h.NF_INET_LOCAL_IN();
    private static final int REPLACE_ATTEMPTS = 5;

    private final String netns;

    public ClusterIpLegacyBackend(String netns) {
        this.netns = netns;
    }

    /** The rules for {@code vip} and its live local nodes. */
    @Override
    public ClusterIpState state(Inet4Address vip) throws KernelException {
        return in(() -> {
            IptTable t;
            try (IptSocket s = IptSocket.open()) {
                t = s.read(TABLE);
            }
            return new ClusterIpState(vip, rulesFor(t, vip).stream().map(e -> ClusterIpRule.of(e).orElseThrow()).toList(),
                    ClusterIpProc.localNodes(vip));
        });
    }

    /**
     * Makes this node serve bucket {@code p.localNode()}: creates the rule when the VIP has none
     * (the kernel then starts with exactly that local node), otherwise adds the node through
     * /proc. Returns whether anything changed. The whole check-and-change runs under the xtables
     * lock, so concurrent starts and stops of several instances on one node serialise (the job
     * IPaddr2's own lock file did).
     *
     * @throws ClusterIpException CONFLICT when the VIP's rule has other parameters (the kernel
     *     would silently keep the old ones: they only apply when the config is created)
     */
    public boolean start(ClusterIpParams p) throws KernelException, ClusterIpException {
        return call(netns, () -> {
            try (XtablesLock lock = XtablesLock.acquire()) {
                return startLocked(p);
            }
        });
    }

    private boolean startLocked(ClusterIpParams p) throws KernelException, ClusterIpException {
        Optional<ClusterIpRule> existing = firstRule(p.vip());
        if (existing.isEmpty()) {
            if (Syscalls.ifNameToIndex(p.iface()) == 0) {
                throw new KernelException("CLUSTERIP rule for " + p.vip().getHostAddress(), Errno.ENODEV,
                        "no interface " + p.iface() + " in this network namespace");
            }
            boolean added;
            try {
                added = replaceTable(p.vip(), Optional.of(p.rule()));
            } catch (KernelException e) {
                if (e.is(Errno.ENOENT) && !kernelHasClusterIp()) {
                    throw new ClusterIpException(ClusterIpException.Reason.UNSUPPORTED,
                            "this kernel has no CLUSTERIP target (ipt_CLUSTERIP was removed in Linux 6.3)");
                }
                throw e;
            }
            if (added) return true;
            existing = firstRule(p.vip());
        }
        checkCompatible(existing.orElseThrow(), p);
        return ClusterIpProc.add(p.vip(), p.localNode());
    }

    /**
     * Stops serving bucket {@code node}; removes the rule (and so the kernel's cluster config and
     * its multicast MAC) when no local node is left, as IPaddr2 does. Returns whether anything
     * changed.
     */
    public boolean stop(Inet4Address vip, int node) throws KernelException {
        return in(() -> {
            try (XtablesLock lock = XtablesLock.acquire()) {
                Optional<SortedSet<Integer>> nodes = ClusterIpProc.localNodes(vip);
                boolean changed = nodes.isPresent() && ClusterIpProc.remove(vip, node);
                Optional<SortedSet<Integer>> left = ClusterIpProc.localNodes(vip);
                if (left.isEmpty() || left.get().isEmpty()) changed |= replaceTable(vip, Optional.empty());
                return changed;
            }
        });
    }

    /** Removes every CLUSTERIP rule for {@code vip} from INPUT in one replace; whether there were any. */
    @Override
    public boolean removeRules(Inet4Address vip) throws KernelException {
        return in(() -> {
            try (XtablesLock lock = XtablesLock.acquire()) {
                return replaceTable(vip, Optional.empty());
            }
        });
    }

    /**
     * Caller holds the xtables lock (one per call: flock on a second descriptor of the same file
     * would wait for ourselves). Reads the table and, if {@code add} is given and the VIP has no
     * rule, inserts it at the head of INPUT; if {@code add} is empty, drops the VIP's rules.
     * Returns whether the table was replaced. Retries when the table changed under us.
     */
    private boolean replaceTable(Inet4Address vip, Optional<ClusterIpRule> add) throws KernelException {
        for (int attempt = 1; ; attempt++) {
            try (IptSocket s = IptSocket.open()) {
                IptTable t = s.read(TABLE);
                List<IptEntry> mine = rulesFor(t, vip);
                IptTable next = t;
                if (add.isPresent()) {
                    if (!mine.isEmpty()) return false;
                    next = t.insertAtChainStart(HOOK, add.get().toEntry());
                } else {
                    if (mine.isEmpty()) return false;
                    for (IptEntry e : mine) next = next.remove(e);
                }
                try {
                    s.replace(t, next);
                    return true;
                } catch (KernelException e) {
                    if (!e.is(Errno.EAGAIN) || attempt >= REPLACE_ATTEMPTS) throw e;
                }
            }
        }
    }

    /** Whether the CLUSTERIP target is registered (after a failed use, request_module has been tried). */
    private static boolean kernelHasClusterIp() {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/net/ip_tables_targets")).contains(ClusterIpTarget.NAME);
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<ClusterIpRule> firstRule(Inet4Address vip) throws KernelException {
        try (IptSocket s = IptSocket.open()) {
            return rulesFor(s.read(TABLE), vip).stream().findFirst().flatMap(ClusterIpRule::of);
        }
    }

    static List<IptEntry> rulesFor(IptTable t, Inet4Address vip) throws KernelException {
        if ((t.validHooks() & (1 << HOOK)) == 0) {
            throw KernelException.malformed("iptables table " + t.name(), "the table has no " + CHAIN + " chain");
        }
        List<IptEntry> out = new ArrayList<>();
        for (IptEntry e : t.chain(HOOK)) {
            ClusterIpRule.of(e).filter(r -> r.vip().equals(vip)).ifPresent(r -> out.add(e));
        }
        return out;
    }

    private static void checkCompatible(ClusterIpRule r, ClusterIpParams p) throws ClusterIpException {
        if (!r.target().createsConfig()) return;   // a rule without --new refers to the config and says nothing about it
        if (r.disagreement(p.rule()) != null) {
            throw new ClusterIpException(ClusterIpException.Reason.CONFLICT, "CLUSTERIP for " + p.vip().getHostAddress()
                    + " already exists as '" + r.iptablesSpec(CHAIN) + "', wanted '" + p.rule().iptablesSpec(CHAIN)
                    + "'; stop every instance first to change it");
        }
    }

    private <T> T in(Callable<T> work) throws KernelException {
        try {
            return NetNs.call(netns, work);
        } catch (KernelException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code work} in network namespace {@code netns} (null: the caller's), its checked exceptions passed on. */
    static <T> T call(String netns, Callable<T> work) throws KernelException, ClusterIpException {
        try {
            return NetNs.call(netns, work);
        } catch (KernelException | ClusterIpException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
