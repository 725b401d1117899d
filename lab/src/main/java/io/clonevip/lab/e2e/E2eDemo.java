package io.clonevip.lab.e2e;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The narrated end-to-end demo ({@code lab/e2e/demo.sh}, docs/developer/e2e-lab.md): builds the lab, runs the
 * scenario with commentary, prints the timings and tears everything down.
 * Options: {@code --buckets N} (3), {@code --rounds N} desync/resync cycles (1),
 * {@code --crash-rounds N} crash/boot cycles (1; nodes 1, 2, 3 in turn), {@code --no-crash}
 * (= 0), {@code --no-partition}, {@code --distrib-rule} (the blog's clone_count rule),
 * {@code --hold SECONDS} (3), {@code --svg FILE} (write the timeline), {@code --timings FILE}
 * (append the timings as tab-separated lines, see {@link TimingsFile}), {@code --label TEXT}
 * (their first column), {@code --upstream-ipaddr2 FILE} (run the VIP clone with that copy of
 * ClusterLabs' IPaddr2 instead of IPaddr3, nft backend; docs/measurements/e2e.md), {@code --crm-property
 * NAME=VALUE} (a cluster property, e.g. node-action-limit=12) and {@code --vip-param NAME=VALUE}
 * (a further VIP parameter, e.g. clone_count_attribute=): repeatable, for experiments;
 * {@code --no-agentd} (no clonevip-agentd in the nodes: every IPaddr3 action a JVM of its own, as
 * before agentd; also environment {@code E2E_AGENTD=0}).
 */
public final class E2eDemo {

    private E2eDemo() {
    }

    public static void main(String[] args) {
        int buckets = 3;
        int rounds = 1;
        boolean distrib = false;
        int crashRounds = 1;
        Path timings = null;
        String label = null;
        Path upstream = null;
        boolean partition = true;
        long hold = 3;
        Path svg = null;
        boolean agentd = E2eLab.agentdByDefault();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--buckets" -> buckets = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--distrib-rule" -> distrib = true;
                case "--hold" -> hold = Long.parseLong(args[++i]);
                case "--svg" -> svg = Path.of(args[++i]);
                case "--no-crash" -> crashRounds = 0;
                case "--crash-rounds" -> crashRounds = Integer.parseInt(args[++i]);
                case "--timings" -> timings = Path.of(args[++i]);
                case "--label" -> label = args[++i];
                case "--upstream-ipaddr2" -> upstream = Path.of(args[++i]);
                case "--crm-property" -> System.setProperty(Scenario.CRM_PROPERTIES,
                        System.getProperty(Scenario.CRM_PROPERTIES, "") + "," + args[++i]);
                case "--vip-param" -> System.setProperty(Scenario.VIP_PARAMS,
                        System.getProperty(Scenario.VIP_PARAMS, "") + "," + args[++i]);
                case "--no-partition" -> partition = false;
                case "--no-agentd" -> agentd = false;
                default -> {
                    System.err.println("e2e demo: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        PrintStream out = System.out;
        int rc = 0;
        VipAgent vip = upstream == null ? VipAgent.IPADDR3 : VipAgent.UPSTREAM_IPADDR2;
        out.println("== clonevip end to end: Pacemaker + Galera + " + vip.label() + "/mysql_monitor, client through the VIP");
        try (E2eLab lab = E2eLab.start(upstream, agentd)) {
            out.printf("== lab %s up in %.1f s (3 nodes, Galera member inside each, client %s), agents %s%n",
                    lab.id(), lab.upTime().toMillis() / 1000.0, E2eLab.CLIENT_ADDRESS, lab.agents());
            if (vip == VipAgent.IPADDR3) {
                out.println(lab.agentd()
                        ? "== clonevip-agentd runs in every node (started before its Pacemaker, again after each boot):"
                        + " IPaddr3's starts, stops and full monitors run in that resident JVM, not a JVM each"
                        : "== no clonevip-agentd (--no-agentd): every IPaddr3 start, stop and full monitor starts a JVM");
            }
            Scenario s = new Scenario(lab, new Scenario.Options(buckets, distrib, rounds, crashRounds, partition,
                    Duration.ofSeconds(hold), vip), out);
            ScenarioResult r = s.run();
            out.println("== timings (ms; median of the rounds)");
            for (Map.Entry<String, java.util.List<Long>> e : r.orderedTimings()) {
                out.printf("   %-50s %6d  %s%n", e.getKey(), ScenarioResult.median(e.getValue()), e.getValue());
            }
            out.println("== client queries per phase");
            for (ScenarioResult.Phase p : r.phases()) {
                out.printf("   %-36s %s, failed %d (in moving buckets %d)%n", p.name(), p.answeredBy(), p.failed(),
                        p.failedInMovingBuckets());
            }
            r.notes().forEach(n -> out.println("   " + n));
            AgentdTally tally = s.realAgents() ? lab.agentdTally() : null;
            boolean agentdServes = lab.agentd() && vip == VipAgent.IPADDR3;
            if (tally != null) {
                out.println(vip == VipAgent.IPADDR3 ? "== agentd" : "== VIP agent actions");
                out.println("   " + (vip == VipAgent.IPADDR3 ? tally.describe()
                        : "execd's execution times of " + vip.label() + "'s " + tally.startsStops() + " starts/stops: median "
                        + (tally.execMillis().isEmpty() ? "?" : ScenarioResult.median(tally.execMillis())) + " ms"));
            }
            if (!r.violations().isEmpty()) {
                out.println("== VIOLATIONS");
                r.violations().forEach(v -> out.println("   " + v));
                rc = 1;
            }
            if (svg != null) {
                Files.createDirectories(svg.toAbsolutePath().getParent());
                Files.writeString(svg, TimelineSvg.render(r, "clonevip e2e: " + buckets + " buckets, "
                        + (s.realAgents() ? vip.label() + (vip != VipAgent.IPADDR3 ? "" : lab.agentd() ? " (agentd)"
                        : " (JVM per action)") + " + mysql_monitor" : "stand-ins")
                        + (distrib ? ", with the clone_count rule" : "")));
                out.println("== timeline written to " + svg);
            }
            if (timings != null) {
                TimingsFile.append(timings, label != null ? label : vip.label() + ", " + buckets + " buckets", r, tally, agentdServes);
                out.println("== timings appended to " + timings);
            }
            out.println("== tearing down");
        } catch (Exception e) {
            System.err.println("e2e demo failed: " + e.getMessage());
            rc = 1;
        }
        System.exit(rc);
    }
}
