package io.clonevip.lab.e2e;

import io.clonevip.pacemaker.CrmMonView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The end-to-end scenario (docs/developer/e2e-lab.md) on an {@link E2eLab}: the seed's configuration, then
 * (1) all healthy, (2) desync node1 and node2, (3) resync, (4) crash node1 and boot it again,
 * (5) cut node2 off and heal, with the blog's client loop running throughout. Narrated on
 * {@code out} when it is not null. With stand-in agents (before IPaddr3 and mysql_monitor are
 * installed) the VIP clone is ocf:pacemaker:Dummy, the scenario writes the attributes itself
 * and there is no client traffic.
 */
public final class Scenario {

    /**
     * @param buckets      VIP clone size (3 or 12)
     * @param distribRule  configure the blog's clone_count rule
     * @param desyncRounds how many desync/resync cycles (timings: median over them)
     * @param crashRounds  how many crash/boot cycles of step 4 (0: none); round r crashes node
     *                     1, 2, 3, 1, ... in turn (timings: median over them)
     * @param partition    run step 5
     * @param hold         how long each stable phase runs the client before the next action
     * @param vip          the VIP clone's agent
     */
    public record Options(int buckets, boolean distribRule, int desyncRounds, int crashRounds, boolean partition,
                          Duration hold, VipAgent vip) {
    }

    static final String LOAD_THRESHOLD = System.getProperty("clonevip.e2e.loadThreshold", "10000%");
    /** Extra cluster properties for experiments ({@code name=value,name=value}; docs/measurements/e2e.md, 12 buckets). */
    static final String CRM_PROPERTIES = "clonevip.e2e.crmProperties";
    /** Extra parameters of the VIP primitive ({@code name=value,...}), e.g. {@code clone_count_attribute=}. */
    static final String VIP_PARAMS = "clonevip.e2e.vipParams";
    /** {@code true}: the blog's {@code -inf: writable_monit eq 0} instead of the safe rule (experiment, docs/developer/e2e-lab.md). */
    static final String BLOG_RULE = "clonevip.e2e.blogRule";
    static final Duration STABLE_WATCH = Duration.ofSeconds(12);
    static final Duration FLAP_WATCH = Duration.ofSeconds(45);
    static final Duration MOVE = Duration.ofSeconds(60);
    static final Duration REJOIN = Duration.ofSeconds(120);
    private static final String W = "writable_monit";
    private static final String R = "readable_monit";

    private final E2eLab lab;
    private final Options o;
    private final PrintStream out;
    private final boolean real;
    private final Timeline tl = new Timeline(System.nanoTime());
    private final ScenarioResult result;
    private PlacementSampler sampler;
    private VipClient client;
    private final List<RejoinCheck> rejoins = new java.util.ArrayList<>();

    public Scenario(E2eLab lab, Options options, PrintStream out) {
        this.lab = lab;
        this.o = options;
        this.out = out;
        boolean vipInstalled = options.vip() == VipAgent.IPADDR3 ? lab.agents().contains("IPaddr3")
                : lab.upstreamAgents().contains(options.vip().file());
        if (options.vip() != VipAgent.IPADDR3 && !vipInstalled) {
            throw new IllegalStateException(options.vip().label() + " is not installed in lab " + lab.id());
        }
        if (options.distribRule() && options.vip() != VipAgent.IPADDR3) {
            throw new IllegalArgumentException(options.vip().label() + " publishes no clone count: no clone_count rule");
        }
        this.real = vipInstalled && lab.agents().contains("mysql_monitor");
        this.result = new ScenarioResult(tl, options.buckets());
    }

    /** Whether the real agents run (else stand-ins). */
    public boolean realAgents() {
        return real;
    }

    public SeedConfig config() {
        return new SeedConfig(o.buckets(), o.distribRule(), real ? o.vip().type() : "ocf:pacemaker:Dummy",
                real, lab.monitorCredentials(), real ? pairs(System.getProperty(VIP_PARAMS, "")) : Map.of(),
                Boolean.getBoolean(BLOG_RULE));
    }

    private void say(String s) {
        if (out != null) {
            out.printf("[%6.1f s] %s%n", tl.now() / 1000.0, s);
            out.flush();
        }
    }

    public ScenarioResult run() throws Exception {
        try {
            configure();
            healthy();
            for (int r = 1; r <= o.desyncRounds(); r++) {
                desync(r);
                resync(r);
            }
            for (int r = 1; r <= o.crashRounds(); r++) {
                crash((r - 1) % 3 + 1, r);
            }
            if (o.partition()) {
                partition(2);
            }
        } finally {
            if (client != null) {
                client.close();
                result.queries(client.queries());
            }
            if (sampler != null) {
                sampler.close();
            }
        }
        if (real) {
            new QueryAnalysis(result, tl, out).analyse();
            checkRejoins();
        }
        return result;
    }

    private void configure() throws Exception {
        if (!real) {
            say("stand-in agents: VIP clone of ocf:pacemaker:Dummy, attributes written by the scenario");
            for (int n = 1; n <= 3; n++) {
                lab.attribute(n, W, "1");
                lab.attribute(n, R, "1");
            }
        }
        // The three nodes share this host's load average; Pacemaker's throttling would take the
        // lab's parallel builds for cluster load and run one action at a time (docs/developer/e2e-lab.md).
        lab.execOk(1, "crm_attribute", "-t", "crm_config", "-n", "load-threshold", "-v", LOAD_THRESHOLD);
        for (Map.Entry<String, String> p : pairs(System.getProperty(CRM_PROPERTIES, "")).entrySet()) {
            say("cluster property " + p.getKey() + "=" + p.getValue() + " (experiment)");
            lab.execOk(1, "crm_attribute", "-t", "crm_config", "-n", p.getKey(), "-v", p.getValue());
        }
        String crm = config().crm();
        say("crm configure (the seed's second post, provider clonevip):\n" + crm.indent(4).stripTrailing());
        lab.crmConfigure(crm);
        sampler = new PlacementSampler(lab, tl, SeedConfig.VIP_PRIMITIVE, W, List.of(3, 1, 2));
        if (real) {
            ClientSources sources = o.vip() == VipAgent.IPADDR3
                    ? ClientSources.single(E2eLab.CLIENT_ADDRESS, BucketFunction.ipaddr3(SeedConfig.VIP, o.buckets()))
                    : ClientSources.covering(BucketFunction.sourceAddressOnly(SeedConfig.UPSTREAM_SEED, o.buckets()),
                            o.buckets(), 2);
            sources.extra().forEach(a -> lab.clientAddress(a.getHostAddress()));
            client = new VipClient(lab.clientNamespace(), sources.addresses(), SeedConfig.VIP, sources.buckets(), "app",
                    lab.appPassword(), 2, 5, tl.origin());
            say("client loop started in " + lab.clientNamespace() + ": SELECT @@hostname through "
                    + SeedConfig.VIP + ":3306, a new connection from a new source port each time"
                    + (sources.addresses().size() > 1 ? ", source addresses " + sources.describe()
                    + " in turn (" + o.vip().label() + " hashes the source address only)" : ""));
        }
    }

    private void healthy() throws InterruptedException {
        long t0 = tl.now();
        awaitSpread("one bucket share per node", Set.of(1, 2, 3));
        long t = tl.event("all healthy: buckets spread");
        result.timing("configure -> buckets spread", t - t0);
        say("all healthy, buckets spread in " + (t - t0) + " ms; crm_mon -A1 on node1:\n"
                + lab.crmMonText(1).indent(4).stripTrailing());
        hold("(1) healthy", Set.of("node1", "node2", "node3"));
    }

    private void desync(int round) throws InterruptedException {
        long t0 = tl.event("desync node1+node2");
        say("SET GLOBAL wsrep_desync=1 on node1 and node2");
        lab.desync(1);
        lab.desync(2);
        if (!real) {
            lab.attribute(1, W, "0");
            lab.attribute(2, W, "0");
        }
        await("writable_monit 0 on node1 and node2", m -> "0".equals(attr(m, 1, W)) && "0".equals(attr(m, 2, W)));
        long ta = tl.event("writable_monit=0 on node1, node2");
        awaitPlacement("every bucket on node3", Map.of("node3", o.buckets()));
        long tm = tl.event("all buckets on node3");
        result.timing("desync -> writable_monit 0", ta - t0);
        result.timing("desync -> all buckets on node3", tm - t0);
        say("round " + round + ": attribute 0 after " + (ta - t0) + " ms, all buckets on node3 after " + (tm - t0) + " ms"
                + (round == 1 ? "; crm_mon -A1:\n" + lab.crmMonText(3).indent(4).stripTrailing() : ""));
        hold("(2) node1+node2 desynced, round " + round, Set.of("node3"));
    }

    private void resync(int round) throws InterruptedException {
        long t0 = tl.event("resync node1+node2");
        say("SET GLOBAL wsrep_desync=0 on node1 and node2");
        lab.resync(1);
        lab.resync(2);
        if (!real) {
            lab.attribute(1, W, "1");
            lab.attribute(2, W, "1");
        }
        await("writable_monit 1 on node1 and node2", m -> "1".equals(attr(m, 1, W)) && "1".equals(attr(m, 2, W)));
        long ta = tl.event("writable_monit=1 again");
        if (o.distribRule()) {
            // the blog's clone_count rule: record what happens instead of insisting (docs/user/configuration.md)
            try {
                awaitSpread("buckets spread back", Set.of(1, 2, 3), FLAP_WATCH);
            } catch (RuntimeException e) {
                tl.event("not spread after " + FLAP_WATCH.toSeconds() + " s");
                result.note("round " + round + " with the clone_count rule: not spread within " + FLAP_WATCH.toSeconds()
                        + " s; placements seen since the resync: " + placementsSince(t0));
                say(result.notes().getLast());
                return;
            }
        } else {
            awaitSpread("buckets spread back", Set.of(1, 2, 3));
        }
        long ts = tl.event("buckets spread again");
        result.timing("resync -> writable_monit 1", ta - t0);
        result.timing("resync -> buckets spread", ts - t0);
        say("round " + round + ": attribute 1 after " + (ta - t0) + " ms, spread back after " + (ts - t0) + " ms: "
                + sampler.last().instancesPerNode(SeedConfig.VIP_PRIMITIVE));
        if (o.distribRule()) {
            Thread.sleep(STABLE_WATCH.toMillis());
            List<Map<String, Integer>> seen = placementsSince(t0);
            result.note("round " + round + " with the clone_count rule: placements from the resync to "
                    + STABLE_WATCH.toSeconds() + " s after the first spread: " + seen);
            say(result.notes().getLast());
        }
        hold("(3) resynced, round " + round, Set.of("node1", "node2", "node3"));
    }

    private void crash(int n, int round) throws InterruptedException {
        String dc = view().dc().orElse("?");
        sampler.exclude(n);
        boolean wasDc = dc.equals(E2eLab.nodeName(n));
        long t0 = tl.event("crash node" + n + (wasDc ? " (DC)" : ""));
        say("crash " + round + ": node" + n + (wasDc ? ", the DC," : "") + " (SIGKILL of every process in it, its Galera member included)");
        lab.crash(n);
        awaitPlacementOn("every bucket on the two survivors", Set.of(1, 2, 3), n);
        long tt = tl.event("buckets of node" + n + " taken over");
        result.timing("crash -> buckets taken over", tt - t0);
        result.timing(wasDc ? "crash -> buckets taken over (DC crashed)" : "crash -> buckets taken over (not the DC)", tt - t0);
        say("node" + n + "'s buckets served elsewhere after " + (tt - t0) + " ms: " + sampler.last().instancesPerNode(SeedConfig.VIP_PRIMITIVE));
        Set<String> survivors = new java.util.TreeSet<>(Set.of("node1", "node2", "node3"));
        survivors.remove("node" + n);
        hold("(4) node" + n + " crashed, round " + round, survivors);
        result.note("placements (all buckets running) from the crash to the boot: " + placementsSince(t0));
        say(result.notes().getLast());
        long tb = tl.event("boot node" + n);
        say("boot node" + n + ": Pacemaker, then its Galera member rejoins (IST)");
        lab.boot(n);
        long tj = tl.event("node" + n + " member Synced");
        sampler.include(n);
        standInAttributes(n);
        awaitSpread("buckets spread with node" + n + " back", Set.of(1, 2, 3));
        long ts = tl.event("buckets spread again");
        result.timing("boot -> member Synced", tj - tb);
        result.timing("boot -> buckets spread", ts - tb);
        say("node" + n + " back: member Synced after " + (tj - tb) + " ms, buckets spread after " + (ts - tb) + " ms");
        hold("(4) node" + n + " back, round " + round, Set.of("node1", "node2", "node3"));
        rejoins.add(new RejoinCheck(E2eLab.nodeName(n), tb, tl.now(), W));
    }

    private void partition(int n) throws InterruptedException {
        sampler.exclude(n);
        long t0 = tl.event("cut node" + n + " off");
        say("cut node" + n + " off the network (its bridge port down)");
        lab.partition(n);
        awaitPlacementOn("every bucket on the quorate side", Set.of(1, 2, 3), n);
        long tq = tl.event("quorate side serves every bucket");
        E2eLab.await("node" + n + " stopped its buckets", MOVE,
                () -> lab.status(n).buckets(SeedConfig.VIP_PRIMITIVE).isEmpty(), () -> lab.crmMonText(n));
        long ti = tl.event("node" + n + " stopped its buckets");
        result.timing("partition -> quorate side serves every bucket", tq - t0);
        result.timing("partition -> isolated node stopped its buckets", ti - t0);
        say("quorate side serves every bucket after " + (tq - t0) + " ms; node" + n + " (no quorum) stopped its buckets after "
                + (ti - t0) + " ms");
        Set<String> majority = new java.util.TreeSet<>(Set.of("node1", "node2", "node3"));
        majority.remove("node" + n);
        hold("(5) node" + n + " cut off", majority);
        result.note("placements (all buckets running) from the cut to the heal: " + placementsSince(t0));
        say(result.notes().getLast());
        long th = tl.event("heal node" + n);
        say("heal node" + n);
        lab.heal(n);
        sampler.include(n);
        standInAttributes(n);
        try {
            awaitSpread("buckets spread after heal", Set.of(1, 2, 3), REJOIN);
            long ts = tl.event("buckets spread again");
            result.timing("heal -> buckets spread", ts - th);
            say("after heal: buckets spread again after " + (ts - th) + " ms");
        } catch (RuntimeException e) {
            result.note("heal: buckets not spread within " + REJOIN.toSeconds() + " s: " + e.getMessage());
            say("after heal: NOT spread within " + REJOIN.toSeconds() + " s; Galera:\n" + lab.dbStatus().indent(4));
        }
    }

    /**
     * Each crashed node, once booted, took no bucket before its writer attribute was 1 and
     * refused no client (RejoinCheck); the times are recorded as timings.
     */
    private void checkRejoins() {
        for (RejoinCheck c : rejoins) {
            long w = c.writable(tl);
            long b = c.firstBucket(tl);
            if (w >= 0) {
                result.timing("boot -> " + W + " 1", w - c.boot());
            }
            if (b >= 0) {
                result.timing("boot -> first bucket on the booted node", b - c.boot());
            }
            List<String> v = c.violations(tl, result.queries());
            v.forEach(result::violation);
            say("rejoin of " + c.node() + ": " + W + " 1 at +" + (w - c.boot()) + " ms, first bucket at +"
                    + (b - c.boot()) + " ms" + (v.isEmpty() ? "" : "; " + v));
        }
    }

    /** Stand-ins only: a node that left lost its transient attributes; write them as mysql_monitor would. */
    private void standInAttributes(int n) {
        if (!real) {
            E2eLab.await("node" + n + " takes attributes", MOVE, () -> {
                lab.attribute(n, W, "1");
                lab.attribute(n, R, "1");
                return true;
            }, () -> lab.crmMonText(n));
        }
    }

    private void hold(String phase, Set<String> expected) throws InterruptedException {
        long from = tl.now();
        Thread.sleep(o.hold().toMillis());
        result.phase(new ScenarioResult.Phase(phase, from, tl.now(), Map.copyOf(expectedMap(expected)), -1, -1, -1));
    }

    private static Map<String, Integer> expectedMap(Set<String> nodes) {
        Map<String, Integer> m = new TreeMap<>();
        nodes.forEach(n -> m.put(n, 0));
        return m;
    }

    /** The successive distinct instance counts per node seen since {@code from} ms. */
    private List<Map<String, Integer>> placementsSince(long from) {
        List<Map<String, Integer>> seen = new java.util.ArrayList<>();
        for (Timeline.Sample sm : tl.samples()) {
            if (sm.at() < from || sm.owners().size() != o.buckets()) {
                continue;
            }
            Map<String, Integer> per = new TreeMap<>();
            sm.owners().values().forEach(n -> per.merge(n, 1, Integer::sum));
            if (seen.isEmpty() || !seen.getLast().equals(per)) {
                seen.add(per);
            }
        }
        return seen;
    }

    /** {@code a=1,b=2} as an ordered map ({@code b=} gives an empty value). */
    static Map<String, String> pairs(String text) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String p : text.split(",")) {
            if (!p.isBlank()) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("not name=value: " + p);
                }
                m.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
            }
        }
        return m;
    }

    private static String attr(CrmMonView m, int n, String name) {
        return m.attribute(E2eLab.nodeName(n), name).orElse(null);
    }

    private CrmMonView view() {
        CrmMonView m = sampler.last();
        if (m == null) {
            throw new IllegalStateException("no sample yet");
        }
        return m;
    }

    private void await(String what, Predicate<CrmMonView> p) {
        E2eLab.await(what, MOVE, () -> p.test(view()), () -> lab.crmMonText(3));
    }

    private void awaitPlacement(String what, Map<String, Integer> perNode) {
        await(what, m -> m.instancesPerNode(SeedConfig.VIP_PRIMITIVE).equals(perNode));
    }

    /** Every bucket runs, on the nodes {@code nodes} minus {@code except}, as evenly as possible. */
    private void awaitPlacementOn(String what, Set<Integer> nodes, int except) {
        await(what, m -> {
            Map<String, Integer> per = m.instancesPerNode(SeedConfig.VIP_PRIMITIVE);
            return m.buckets(SeedConfig.VIP_PRIMITIVE).size() == o.buckets() && !per.containsKey(E2eLab.nodeName(except));
        });
    }

    private void awaitSpread(String what, Set<Integer> nodes) {
        awaitSpread(what, nodes, MOVE);
    }

    private void awaitSpread(String what, Set<Integer> nodes, Duration timeout) {
        Map<String, Integer> even = new TreeMap<>();
        nodes.forEach(n -> even.put(E2eLab.nodeName(n), o.buckets() / nodes.size()));
        E2eLab.await(what, timeout, () -> view().instancesPerNode(SeedConfig.VIP_PRIMITIVE).equals(even), () -> lab.crmMonText(3));
    }
}
