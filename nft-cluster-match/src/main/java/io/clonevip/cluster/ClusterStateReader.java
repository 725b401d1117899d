package io.clonevip.cluster;

import io.clonevip.nativ.KernelException;
import io.clonevip.nft.Chain;
import io.clonevip.nft.Rule;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.TableContents;
import io.clonevip.nft.expr.Expr;
import io.clonevip.rtnl.MacAddress;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a node's cluster IP back from its tables: the spec from the comment of the final rule,
 * the local buckets and counters from the sets, and compares the rules with what
 * {@link ClusterRuleset} builds for that spec, reporting every difference as a problem.
 */
final class ClusterStateReader {
    private ClusterStateReader() {}

    private static final Pattern COUNTS = Pattern.compile("pkts \\d+ bytes \\d+");
    private static final Pattern ANON = Pattern.compile("__set(%d|\\d+)");

    /** The state, or null when the table carries no clonevip spec (not ours, or damaged beyond reading). */
    static ClusterState read(TableContents inet, TableContents arp) {
        return read(inet, arp, NicMacs.perLookup());
    }

    /**
     * As {@link #read(TableContents, TableContents)}; an IPv6 VIP's neighbour advertisement rule is
     * compared with the one built for its NIC's MAC as {@code macs} gives it now (a NIC whose MAC
     * changed, or that is gone, leaves the tables not whole: the next write puts the rule right).
     */
    static ClusterState read(TableContents inet, TableContents arp, NicMacs macs) {
        ClusterIpSpec spec = null;
        RulesetLayout commented = null;
        for (Rule r : inet.rules()) {
            if (SpecComment.isOurs(r.comment())) {
                try {
                    spec = SpecComment.parse(r.comment());
                    commented = SpecComment.layoutOf(r.comment());
                } catch (ClusterSpecException e) {
                    return null;
                }
            }
        }
        if (spec == null) return null;
        RulesetLayout layout = layoutOf(inet, commented);
        List<String> problems = new ArrayList<>();
        MacAddress nicMac = null;
        if (spec.vip() instanceof Inet6Address) {
            try {
                nicMac = macs.of(spec.nic());
            } catch (KernelException e) {
                problems.add("NIC " + spec.nic() + ": " + e.getMessage() + " (the neighbour advertisement rule cannot be checked)");
            }
        }
        ClusterRuleset want = ClusterRuleset.of(spec, layout, nicMac == null ? MacAddress.ZERO : nicMac);
        String pre = layout.pre();
        if (commented != layout) problems.add("spec comment of layout " + commented + " in tables of layout " + layout);
        boolean hasPre = inet.chains().stream().map(Chain::name).anyMatch(pre::equals);
        if (!hasPre) problems.add("chain " + pre + " missing");
        compareRules(pre, inet.rules(pre), want.rules(), problems);
        if (layout.drains()) {
            if (inet.chains().stream().map(Chain::name).noneMatch(layout.raw()::equals)) problems.add("chain " + layout.raw() + " missing");
            compareRules(layout.raw(), inet.rules(layout.raw()), want.rawRules(), problems);
        }
        for (String set : layout.drains() ? List.of(layout.local(), layout.all(), layout.drain(), layout.guard(), layout.pass())
                : List.of(layout.local(), layout.all())) {
            if (inet.set(set) == null) problems.add("set " + set + " missing");
        }
        if (want.ipv6()) {
            String na = want.na().name();
            if (inet.chains().stream().map(Chain::name).noneMatch(na::equals)) {
                problems.add("chain " + na + " missing (neighbour advertisements for the VIP would carry the NIC's own MAC)");
            } else if (nicMac != null && !sameRules(inet.rules(na), want.naRules())) {
                problems.add("neighbour advertisement rule missing or different from the spec and the NIC's MAC " + nicMac
                        + " (advertisements for the VIP and solicitations from it would carry the NIC's own MAC)");
            }
        } else if (arp == null) {
            problems.add("arp table missing (ARP replies would carry the NIC's own MAC)");
        } else if (arp.rules(layout.out()).size() != 1
                || !shape(arp.rules(layout.out()).get(0).exprs()).equals(shape(want.arpRule().exprs()))) {
            problems.add("arp rule missing or different from the spec");
        }
        BucketSet local = BucketSet.empty(spec.buckets());
        List<ClusterState.BucketCounter> counters = new ArrayList<>();
        for (SetElement e : inet.elements().getOrDefault(layout.local(), List.of())) {
            int b = bucketOf(e, spec.buckets());
            if (b < 0) {
                problems.add("set " + layout.local() + " holds " + e.key() + ", not a bucket 1.." + spec.buckets());
                continue;
            }
            local = local.with(b);
            counters.add(new ClusterState.BucketCounter(b, e.counter() == null ? 0 : e.counter().packets(), e.counter() == null ? 0 : e.counter().bytes()));
        }
        counters.sort((x, y) -> Integer.compare(x.bucket(), y.bucket()));
        long[] fresh = new long[spec.buckets()];
        for (SetElement e : inet.elements().getOrDefault(layout.all(), List.of())) {
            int b = bucketOf(e, spec.buckets());
            if (b > 0 && e.counter() != null) fresh[b - 1] = e.counter().packets();
        }
        List<ClusterState.TimedBucket> draining = List.of();
        List<ClusterState.TimedBucket> guarded = List.of();
        if (layout.drains()) {
            draining = timed(inet, layout.drain(), spec.buckets(), problems);
            guarded = timed(inet, layout.guard(), spec.buckets(), problems);
            BucketSet pass = BucketSet.empty(spec.buckets());
            for (SetElement e : inet.elements().getOrDefault(layout.pass(), List.of())) {
                int b = bucketOf(e, spec.buckets());
                if (b < 0) problems.add("set " + layout.pass() + " holds " + e.key() + ", not a bucket 1.." + spec.buckets());
                else pass = pass.with(b);
                // a bucket let through that is neither served nor drained only costs conntrack a lookup: cv_pre drops it
            }
            for (int b : local) {
                if (!pass.contains(b)) problems.add("set " + layout.pass() + " lacks bucket " + b + ": its packets would be dropped before conntrack");
            }
        }
        return new ClusterState(spec, local, List.copyOf(counters), fresh, List.copyOf(problems), layout, draining, guarded);
    }

    private static void compareRules(String chain, List<Rule> have, List<Rule> want, List<String> problems) {
        if (have.size() != want.size()) {
            problems.add("chain " + chain + " has " + have.size() + " rules, expected " + want.size()
                    + (have.size() > want.size() ? " (a rule clonevip did not write was added to it)" : ""));
            return;
        }
        for (int i = 0; i < have.size(); i++) {
            if (!shape(have.get(i).exprs()).equals(shape(want.get(i).exprs()))) {
                problems.add("rule " + (i + 1) + " of chain " + chain + " differs from the spec");
            }
        }
    }

    private static boolean sameRules(List<Rule> have, List<Rule> want) {
        if (have.size() != want.size()) return false;
        for (int i = 0; i < have.size(); i++) if (!shape(have.get(i).exprs()).equals(shape(want.get(i).exprs()))) return false;
        return true;
    }

    /** The buckets of an expiring set, in bucket order, with their time left and counters. */
    private static List<ClusterState.TimedBucket> timed(TableContents inet, String set, int total, List<String> problems) {
        List<ClusterState.TimedBucket> l = new ArrayList<>();
        for (SetElement e : inet.elements().getOrDefault(set, List.of())) {
            int b = bucketOf(e, total);
            if (b < 0) {
                problems.add("set " + set + " holds " + e.key() + ", not a bucket 1.." + total);
                continue;
            }
            l.add(new ClusterState.TimedBucket(b, e.expiresMs(), e.counter() == null ? 0 : e.counter().packets(),
                    e.counter() == null ? 0 : e.counter().bytes()));
        }
        l.sort((x, y) -> Integer.compare(x.bucket(), y.bucket()));
        return List.copyOf(l);
    }

    /**
     * The layout whose prerouting chains the table has (from V3: {@code cv_raw} too), newest first; V3 and V4 have the
     * same chains and differ only in their rules, so among layouts with the same chains the spec comment's is taken.
     * With none of them (damaged), the layout of the spec comment.
     */
    private static RulesetLayout layoutOf(TableContents inet, RulesetLayout commented) {
        List<String> chains = inet.chains().stream().map(Chain::name).toList();
        RulesetLayout[] all = RulesetLayout.values();
        for (int i = all.length - 1; i >= 0; i--) {
            if (!hasChains(chains, all[i])) continue;
            boolean sameChains = commented != null && commented.pre().equals(all[i].pre()) && commented.drains() == all[i].drains()
                    && hasChains(chains, commented);
            return sameChains ? commented : all[i];
        }
        return commented;
    }

    private static boolean hasChains(List<String> chains, RulesetLayout layout) {
        return chains.contains(layout.pre()) && (!layout.drains() || chains.contains(layout.raw()));
    }

    /** The bucket a set element holds (a 4-byte mark 1..{@code total}), or -1 when it holds none. */
    static int bucketOf(SetElement e, int total) {
        if (e.key().length() != 4) return -1;
        int b = e.markValue();
        return b >= 1 && b <= total ? b : -1;
    }

    /** The rule's expressions without counter values and kernel-chosen anonymous set names. */
    private static List<String> shape(List<Expr> exprs) {
        List<String> s = new ArrayList<>();
        for (Expr e : exprs) s.add(ANON.matcher(COUNTS.matcher(e.toString()).replaceAll("pkts _ bytes _")).replaceAll("__set_"));
        return s;
    }
}
