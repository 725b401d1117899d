package io.clonevip.cluster;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nft.Family;
import io.clonevip.nft.Plan;
import io.clonevip.nft.Rule;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.TableContents;
import io.clonevip.cluster.RulesetBatches.Buckets;
import io.clonevip.rtnl.IpLiteral;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans a change of this node's bucket set ({@link ClusterIpTables#changeBuckets}) reading only
 * what it needs: the spec from the rules' comment and the sets' elements, or, for tables of an
 * older layout, the whole tables (replaced by the current layout).
 */
final class BucketChangePlanner {
    private final VipTables t;

    BucketChangePlanner(VipTables t) { this.t = t; }

    /** The change and the desired state it leads to: the new local set, the drains (a bucket served again stops draining) and the guards. */
    DesiredRecorder.Intent<BucketChange> plan(InetAddress vip, String name, ClusterIpTables.BucketEdit edit) throws KernelException {
        List<Rule> rules;
        try {
            rules = t.conn.listRules(Family.INET, name);
        } catch (KernelException e) {
            if (e.is(Errno.ENOENT)) throw new NoSuchClusterIpException(IpLiteral.format(vip));
            throw e;
        }
        String comment = null;
        for (Rule r : rules) if (SpecComment.isOurs(r.comment())) comment = r.comment();
        if (comment == null) throw new NoSuchClusterIpException(IpLiteral.format(vip));
        ClusterIpSpec spec;
        try {
            spec = SpecComment.parse(comment);
        } catch (ClusterSpecException e) {
            throw KernelException.malformed("read table " + name, "its spec comment does not read (" + e.getMessage()
                    + "): the table is damaged (applying the spec again replaces it)");
        }
        if (SpecComment.layoutOf(comment) != RulesetLayout.CURRENT) {
            TableContents inet = t.conn.readTable(Family.INET, name);
            TableContents arp = t.arpTable(vip, name);
            ClusterState st = inet == null ? null : t.read(inet, arp);
            if (st == null) throw new NoSuchClusterIpException(IpLiteral.format(vip));
            BucketSet wanted = edit.apply(st.spec(), st.local());
            // the drains and guards of an older layout that has them go on in the new tables
            Buckets after = Buckets.of(st).serving(wanted);
            return new DesiredRecorder.Intent<>(new Plan<>(RulesetBatches.replace(inet, arp, t.ruleset(st.spec()), after),
                    new BucketChange(st.spec(), st.local(), wanted)), DesiredState.of(after.applyTo(st), Instant.now()));
        }
        BucketSet have = BucketSet.empty(spec.buckets());
        for (SetElement e : t.conn.listElements(Family.INET, name, ClusterRuleset.SET_LOCAL)) {
            int b = ClusterStateReader.bucketOf(e, spec.buckets());
            if (b < 0) {
                throw KernelException.malformed("read set " + ClusterRuleset.SET_LOCAL + " of table " + name,
                        "element " + e.key() + " is not a bucket 1.." + spec.buckets() + ": the table is damaged (applying the spec again replaces it)");
            }
            have = have.with(b);
        }
        BucketSet wanted = edit.apply(spec, have);
        // a bucket served again stops draining; drains and guards are read for the desired state
        Buckets before = new Buckets(have, timed(name, RulesetLayout.CURRENT.drain(), spec), timed(name, RulesetLayout.CURRENT.guard(), spec));
        Buckets after = before.serving(wanted);
        return new DesiredRecorder.Intent<>(new Plan<>(RulesetBatches.delta(t.ruleset(spec), before, after), new BucketChange(spec, have, wanted)),
                DesiredState.of(after.applyTo(ClusterState.fresh(spec, have)), Instant.now()));
    }

    /** The buckets in the timed set {@code set} of table {@code name} with their time left (ms; 0: no timeout). */
    Map<Integer, Long> timed(String name, String set, ClusterIpSpec spec) throws KernelException {
        Map<Integer, Long> m = new TreeMap<>();
        for (SetElement e : t.conn.listElements(Family.INET, name, set)) {
            int b = ClusterStateReader.bucketOf(e, spec.buckets());
            if (b > 0) m.put(b, e.expiresMs());
        }
        return m;
    }
}
