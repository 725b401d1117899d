package io.clonevip.lab.e2e;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The narrated end-to-end demo ({@code lab/e2e/demo.sh}, docs/e2e.md): builds the lab, runs the
 * scenario with commentary, prints the timings and tears everything down.
 * Options: {@code --buckets N} (3), {@code --rounds N} desync/resync cycles (1),
 * {@code --distrib-rule} (the blog's clone_count rule), {@code --hold SECONDS} (3),
 * {@code --svg FILE} (write the timeline), {@code --no-crash}, {@code --no-partition}.
 */
public final class E2eDemo {

    private E2eDemo() {
    }

    public static void main(String[] args) {
        int buckets = 3;
        int rounds = 1;
        boolean distrib = false;
        boolean crash = true;
        boolean partition = true;
        long hold = 3;
        Path svg = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--buckets" -> buckets = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--distrib-rule" -> distrib = true;
                case "--hold" -> hold = Long.parseLong(args[++i]);
                case "--svg" -> svg = Path.of(args[++i]);
                case "--no-crash" -> crash = false;
                case "--no-partition" -> partition = false;
                default -> {
                    System.err.println("e2e demo: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        PrintStream out = System.out;
        int rc = 0;
        out.println("== clonevip end to end: Pacemaker + Galera + IPaddr3/mysql_monitor, client through the VIP");
        try (E2eLab lab = E2eLab.start()) {
            out.printf("== lab %s up in %.1f s (3 nodes, Galera member inside each, client %s), agents %s%n",
                    lab.id(), lab.upTime().toMillis() / 1000.0, E2eLab.CLIENT_ADDRESS, lab.agents());
            Scenario s = new Scenario(lab, new Scenario.Options(buckets, distrib, rounds, crash, partition,
                    Duration.ofSeconds(hold)), out);
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
            if (!r.violations().isEmpty()) {
                out.println("== VIOLATIONS");
                r.violations().forEach(v -> out.println("   " + v));
                rc = 1;
            }
            if (svg != null) {
                Files.createDirectories(svg.toAbsolutePath().getParent());
                Files.writeString(svg, TimelineSvg.render(r, "clonevip e2e: " + buckets + " buckets, "
                        + (s.realAgents() ? "IPaddr3 + mysql_monitor" : "stand-ins")
                        + (distrib ? ", with the clone_count rule" : "")));
                out.println("== timeline written to " + svg);
            }
            out.println("== tearing down");
        } catch (Exception e) {
            System.err.println("e2e demo failed: " + e.getMessage());
            rc = 1;
        }
        System.exit(rc);
    }
}
