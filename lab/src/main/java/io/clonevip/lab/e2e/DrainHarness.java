package io.clonevip.lab.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The "moves keep connections" harness ({@code lab/e2e/demo.sh --drain}, docs/developer/e2e-drain.md):
 * for each bucket count, a leg "before" (IPaddr3 with {@code drain_limit=0}: a move cuts at once)
 * and a leg "after" (with a drain limit), each on a lab of its own, with pools of persistent
 * connections through the VIP while the planned events run ({@link DrainLeg}); prints every
 * event's figures and appends them to a {@link DrainFile}. A build whose IPaddr3 has no
 * {@code drain_limit} runs "before" without it (the agent's behaviour then) and no "after".
 * Options: {@code --buckets 3,12}, {@code --legs before,after}, {@code --drain-limit S} (60),
 * {@code --max-lifetime S} (30: a second pool whose connections retire; 0: none),
 * {@code --pool-size N} (30), {@code --rounds N} (1), {@code --figures FILE} (append there),
 * {@code --run TEXT} (the figures' run label, e.g. the commit).
 */
public final class DrainHarness {

    private DrainHarness() {
    }

    public static void main(String[] args) {
        List<Integer> bucketCounts = List.of(3, 12);
        List<String> legs = List.of("before", "after");
        long drainLimit = 60;
        long maxLifetime = 30;
        int size = 30;
        int rounds = 1;
        Path figures = null;
        String run = "unlabelled run";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--buckets" -> bucketCounts = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
                case "--legs" -> legs = List.of(args[++i].split(","));
                case "--drain-limit" -> drainLimit = Long.parseLong(args[++i]);
                case "--max-lifetime" -> maxLifetime = Long.parseLong(args[++i]);
                case "--pool-size" -> size = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--figures" -> figures = Path.of(args[++i]);
                case "--run" -> run = args[++i];
                default -> {
                    System.err.println("drain harness: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        PrintStream out = System.out;
        int rc = 0;
        Boolean hasLimit = null;
        for (int buckets : bucketCounts) {
            for (String leg : legs) {
                if (leg.equals("after") && Boolean.FALSE.equals(hasLimit)) {
                    out.println("== after, " + buckets + " buckets: not run, this build's IPaddr3 has no " + DrainLeg.DRAIN_LIMIT);
                    continue;
                }
                try (E2eLab lab = E2eLab.start()) {
                    hasLimit = DrainLeg.hasParameter(lab, DrainLeg.DRAIN_LIMIT);
                    if (leg.equals("after") && !hasLimit) {
                        out.println("== after, " + buckets + " buckets: not run, this build's IPaddr3 has no " + DrainLeg.DRAIN_LIMIT);
                        continue;
                    }
                    Map<String, String> params = !hasLimit ? Map.of()
                            : Map.of(DrainLeg.DRAIN_LIMIT, leg.equals("before") ? "0" : Long.toString(drainLimit));
                    out.printf("== %s, %d buckets: lab %s up in %.1f s%s%n", leg, buckets, lab.id(), lab.upTime().toMillis() / 1000.0,
                            hasLimit ? "" : " (IPaddr3 has no " + DrainLeg.DRAIN_LIMIT + ": a move cuts, as it did)");
                    DrainLeg.Options o = new DrainLeg.Options(leg, buckets, params, rounds,
                            pools(size, buckets, maxLifetime), Duration.ofSeconds(leg.equals("before") ? 0 : drainLimit + 10));
                    DrainLeg.Result r = new DrainLeg(lab, o, s -> say(out, s)).run();
                    report(out, r);
                    if (figures != null) {
                        String load = loadavg();
                        for (Map.Entry<String, List<DrainAnalysis.EventFigures>> p : r.figures().entrySet()) {
                            DrainFile.append(figures, new DrainFile.Leg(run, buckets, leg, params(params), p.getKey(), p.getValue(),
                                    r.otherNode().get(p.getKey()), load));
                        }
                        out.println("== figures appended to " + figures);
                    }
                } catch (Exception e) {
                    System.err.println("drain harness, " + leg + " with " + buckets + " buckets, failed: " + e.getMessage());
                    rc = 1;
                }
            }
        }
        System.exit(rc);
    }

    /** The persistent pool, and with a max lifetime a second one retiring its connections; disjoint port ranges. */
    static List<ConnectionPool.Options> pools(int size, int buckets, long maxLifetime) {
        List<ConnectionPool.Options> pools = new ArrayList<>();
        pools.add(new ConnectionPool.Options("persistent", size, buckets, Duration.ofMillis(100), null, 20000, 39999));
        if (maxLifetime > 0) {
            pools.add(new ConnectionPool.Options("max lifetime " + maxLifetime + " s", size, buckets, Duration.ofMillis(100),
                    Duration.ofSeconds(maxLifetime), 40000, 59999));
        }
        return pools;
    }

    private static void report(PrintStream out, DrainLeg.Result r) {
        for (Map.Entry<String, List<DrainAnalysis.EventFigures>> p : r.figures().entrySet()) {
            out.println("== pool " + p.getKey() + ": connections answered by two nodes: " + r.otherNode().get(p.getKey()));
            for (DrainAnalysis.EventFigures f : p.getValue()) {
                out.printf("   %-14s moves %-12s broken %d of %d open in moved buckets (median at +%.1f s; +%d elsewhere), "
                                + "%d failed queries, %d retired, new in moved buckets %d of %d by a new owner, %d orphaned (at +%.0f s)%n",
                        f.event(), DrainFile.moves(f.moves()), f.brokenInMoved(), f.openInMoved(), f.brokenAfter() / 1000.0,
                        f.broken() - f.brokenInMoved(),
                        f.failedQueries(), f.retired(), f.newByOwner(), f.newInMoved(), f.orphans(), f.countedAfter() / 1000.0);
            }
        }
    }

    private static String params(Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                .reduce((a, b) -> a + "," + b).orElse("");
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void say(PrintStream out, String s) {
        out.println("   " + s);
        out.flush();
    }
}
