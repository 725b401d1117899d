package io.clonevip.lab.e2e;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    static final String W = "writable_monit";
    static final String R = "readable_monit";

    private final E2eLab lab;
    private final Options o;
    private final PrintStream out;
    private final boolean real;
    private final Timeline tl = new Timeline(System.nanoTime());
    private final ScenarioResult result;
    private PlacementSampler sampler;
    private ScenarioSteps steps;
    private VipClient client;

    public Scenario(E2eLab lab, Options options, PrintStream out) {
        this.lab = lab;
        this.o = options;
        this.out = out;
        boolean vipInstalled = options.vip() == VipAgent.IPADDR3 ? lab.agents().contains("IPaddr3")
                : lab.agents("upstream").contains(options.vip().file());
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
            steps.healthy();
            for (int r = 1; r <= o.desyncRounds(); r++) {
                steps.desync(r);
                steps.resync(r);
            }
            for (int r = 1; r <= o.crashRounds(); r++) {
                steps.crash((r - 1) % 3 + 1, r);
            }
            if (o.partition()) {
                steps.partition(2);
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
        steps = new ScenarioSteps(lab, o, real, tl, result, sampler, this::say);
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

    /**
     * Each crashed node, once booted, took no bucket before its writer attribute was 1 and
     * refused no client (RejoinCheck); the times are recorded as timings.
     */
    private void checkRejoins() {
        for (RejoinCheck c : steps.rejoins()) {
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
}
