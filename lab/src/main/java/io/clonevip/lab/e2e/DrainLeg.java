package io.clonevip.lab.e2e;

import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.RulesetLayout;
import io.clonevip.testkit.Cmd;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One leg of the drain harness (docs/developer/e2e-drain.md) on a lab: the seed's configuration
 * with the leg's VIP parameters, pools of persistent connections through the VIP
 * ({@link ConnectionPool}), then the seed scenario's planned events through Pacemaker, each round:
 * desync node1, resync node1, standby node2, online node2 ({@code crm_standby}: crmsh 4.4's
 * {@code crm node standby node2} first pings the node by name, and in the lab, where node names do not
 * resolve, does nothing and exits 0). After
 * each event it waits until the placement it leads to shows, the cluster has nothing left to do,
 * no node drains or guards a bucket any more and every pool connection has answered again; then
 * it reads the members' processlists for orphaned sessions.
 */
final class DrainLeg {

    /**
     * @param label     {@code before} or {@code after}
     * @param buckets   the VIP clone's size
     * @param vipParams further parameters of the VIP primitive (e.g. {@code drain_limit=60})
     * @param rounds    how many times the four events run
     * @param pools     the pools, with disjoint port ranges
     * @param drainWait how long an event may take to have no drain or guard left after the cluster settled
     */
    record Options(String label, int buckets, Map<String, String> vipParams, int rounds, List<ConnectionPool.Options> pools,
                   Duration drainWait) {
        Options {
            vipParams = Map.copyOf(vipParams);
            pools = List.copyOf(pools);
        }
    }

    /** What the leg saw: its events and, per pool label, their figures and its connections answered by two nodes. */
    record Result(Options options, List<MoveEvent> events, Map<String, List<DrainAnalysis.EventFigures>> figures,
                  Map<String, Integer> otherNode) {
    }

    /** The IPaddr3 parameter of a drain's limit in seconds (issue #16). */
    static final String DRAIN_LIMIT = "drain_limit";

    private final E2eLab lab;
    private final Options o;
    private final Consumer<String> say;
    private final Timeline tl = new Timeline(System.nanoTime());
    private final List<ConnectionPool> pools = new ArrayList<>();
    private PlacementSampler sampler;
    private ClusterWaits waits;

    DrainLeg(E2eLab lab, Options o, Consumer<String> say) {
        this.lab = lab;
        this.o = o;
        this.say = say;
    }

    /** Whether the lab's IPaddr3 has the parameter {@code name} (its meta-data as Pacemaker reads it). */
    static boolean hasParameter(E2eLab lab, String name) {
        return lab.execOk(1, "crm_resource", "--show-metadata", VipAgent.IPADDR3.type()).contains("name=\"" + name + "\"");
    }

    Result run() throws Exception {
        if (!lab.agents().containsAll(List.of("IPaddr3", "mysql_monitor"))) {
            throw new IllegalStateException("IPaddr3 and mysql_monitor are not built: mvn -B -ntp -pl lab -am package -DskipTests");
        }
        List<MoveEvent> events = new ArrayList<>();
        try {
            configure();
            for (int r = 1; r <= o.rounds(); r++) {
                events.add(event("desync node1", () -> lab.db().desync(1), () -> {
                    waits.await(Scenario.W + " 0 on node1", m -> "0".equals(ClusterWaits.attr(m, 1, Scenario.W)));
                    waits.placementOn("no bucket on node1", Set.of(1, 2, 3), 1);
                }));
                events.add(event("resync node1", () -> lab.db().resync(1), () -> {
                    waits.await(Scenario.W + " 1 on node1", m -> "1".equals(ClusterWaits.attr(m, 1, Scenario.W)));
                    waits.spread("buckets spread again", Set.of(1, 2, 3));
                }));
                events.add(event("standby node2", () -> lab.execOk(1, "crm_standby", "--node", "node2", "--update", "on"),
                        () -> waits.placementOn("no bucket on node2", Set.of(1, 2, 3), 2)));
                events.add(event("online node2", () -> lab.execOk(1, "crm_standby", "--node", "node2", "--update", "off"),
                        () -> waits.spread("buckets spread again", Set.of(1, 2, 3))));
            }
        } finally {
            for (ConnectionPool p : pools) {
                p.close();
            }
            if (sampler != null) {
                sampler.close();
            }
        }
        Map<String, List<DrainAnalysis.EventFigures>> figures = new LinkedHashMap<>();
        Map<String, Integer> otherNode = new LinkedHashMap<>();
        for (ConnectionPool p : pools) {
            List<PoolConnection> conns = p.connections();
            figures.put(p.options().label(), DrainAnalysis.of(events, tl, p.options(), conns, p.failures()));
            otherNode.put(p.options().label(), conns.stream().mapToInt(PoolConnection::otherNode).sum());
        }
        return new Result(o, events, figures, otherNode);
    }

    private void configure() throws Exception {
        lab.execOk(1, "crm_attribute", "-t", "crm_config", "-n", "load-threshold", "-v", Scenario.LOAD_THRESHOLD);
        Map<String, String> params = new LinkedHashMap<>(o.vipParams());
        params.putAll(Scenario.pairs(System.getProperty(Scenario.VIP_PARAMS, "")));
        SeedConfig config = new SeedConfig(o.buckets(), false, VipAgent.IPADDR3.type(), true, lab.monitorCredentials(),
                params, false);
        lab.crmConfigure(config.crm());
        sampler = new PlacementSampler(lab, tl, SeedConfig.VIP_PRIMITIVE, Scenario.W, List.of(3, 1, 2));
        waits = new ClusterWaits(lab, sampler, o.buckets());
        waits.spread("one bucket share per node", Set.of(1, 2, 3));
        lab.settle(3);
        say.accept(o.label() + ", " + o.buckets() + " buckets" + (params.isEmpty() ? "" : ", VIP parameters " + params)
                + ": buckets spread " + sampler.last().instancesPerNode(SeedConfig.VIP_PRIMITIVE));
        InetAddress client = parse(E2eLab.CLIENT_ADDRESS);
        BucketFunction buckets = BucketFunction.ipaddr3(SeedConfig.VIP, o.buckets());
        long started = tl.now();
        for (ConnectionPool.Options p : o.pools()) {
            pools.add(new ConnectionPool(p, lab.clientNamespace(), client, SeedConfig.VIP, buckets, "app", lab.appPassword(),
                    tl.origin()));
        }
        E2eLab.await("every pool connection answers", Scenario.MOVE, () -> pools.stream().allMatch(p -> p.everySlotAnsweredSince(started)),
                this::poolState);
        say.accept("pools open: " + poolState());
    }

    private MoveEvent event(String name, Runnable action, Runnable placed) {
        long at = tl.event(name);
        action.run();
        placed.run();
        long p = tl.event(name + ": placed");
        lab.settle(3);
        E2eLab.await("no drain or guard left on any node", Scenario.MOVE.plus(o.drainWait()), () -> !draining(), this::drains);
        long s = tl.now();
        E2eLab.await("every pool connection answers again", Scenario.MOVE, () -> pools.stream().allMatch(pl -> pl.everySlotAnsweredSince(s)),
                this::poolState);
        long c = tl.now();
        List<ServerSession> orphans = ServerSession.orphans(ServerSession.read(lab, E2eLab.CLIENT_ADDRESS), pools, c);
        tl.event(name + ": counted");
        MoveEvent e = new MoveEvent(name, at, p, s, c, orphans);
        say.accept(String.format("%s: placed +%.1f s, settled +%.1f s, counted +%.1f s: %s; %d orphaned sessions %s", name,
                (p - at) / 1000.0, (s - at) / 1000.0, (c - at) / 1000.0, sampler.last().instancesPerNode(SeedConfig.VIP_PRIMITIVE),
                orphans.size(), perNode(orphans)));
        return e;
    }

    /** Whether any node's VIP table has an element in its drain or guard set. */
    private boolean draining() {
        return !drains().isEmpty();
    }

    /** {@code nodeN: set} for every drain or guard set that has elements, or "". */
    private String drains() {
        String table = ClusterRuleset.tableName(parse(SeedConfig.VIP));
        StringBuilder s = new StringBuilder();
        for (int n = 1; n <= 3; n++) {
            for (String set : List.of(RulesetLayout.CURRENT.drain(), RulesetLayout.CURRENT.guard())) {
                Cmd r = lab.exec(n, "nft", "list", "set", "inet", table, set);
                if (r.ok() && r.out().contains("elements =")) {
                    s.append(s.isEmpty() ? "" : "; ").append(E2eLab.nodeName(n)).append(' ').append(set);
                }
            }
        }
        return s.toString();
    }

    private String poolState() {
        StringBuilder s = new StringBuilder();
        for (ConnectionPool p : pools) {
            Map<String, Integer> per = new TreeMap<>();
            p.connections().stream().filter(c -> c.end() == PoolConnection.End.OPEN).forEach(c -> per.merge(c.node(), 1, Integer::sum));
            s.append(s.isEmpty() ? "" : "; ").append(p.options().label()).append(' ').append(per)
                    .append(", ").append(p.failures().size()).append(" failed queries");
        }
        return s.toString();
    }

    private static Map<String, Integer> perNode(List<ServerSession> sessions) {
        Map<String, Integer> per = new TreeMap<>();
        sessions.forEach(x -> per.merge(x.node(), 1, Integer::sum));
        return per;
    }

    private static InetAddress parse(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
