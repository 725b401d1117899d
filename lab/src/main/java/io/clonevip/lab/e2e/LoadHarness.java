package io.clonevip.lab.e2e;

import io.clonevip.pacemaker.CrmMonView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The load-aware placement run ({@code lab/e2e/demo.sh --load}, docs/measurements/load-e2e.md): the
 * e2e lab with the seed's configuration, {@code --buckets} buckets (24), mysql_monitor publishing
 * {@code load_headroom} ({@code load_hold} from {@code --hold}, 5m), each member in a control group of its
 * own ({@link CpuSqueeze}) and a client load through the VIP ({@link LoadClient}). Two legs on one lab
 * and one client: "load-aware" with the location rule {@code -1: load_headroom lt 20 and load_headroom
 * gte 0}, then "static" with the rule deleted. Each leg: {@code --baseline} s, node1's member squeezed to
 * {@code --cpus} (0.2) of a CPU for {@code --squeeze} s, released; the load-aware leg then waits until
 * the shares are even again. Writes the samples, 5-s latency windows and the plot to {@code --out}, and
 * prints the tables.
 */
public final class LoadHarness {
    static final String ATTRIBUTE = "load_headroom";
    static final String RULE = "location loc-load-cluster-vip cl_cluster_vip \\\n"
            + "    rule $id=\"loc-load-cluster-vip-rule\" -1: load_headroom lt 20 and load_headroom gte 0\n";

    private final E2eLab lab;
    private final int buckets;
    private final long origin = System.nanoTime();
    private final List<LoadSample> samples = new CopyOnWriteArrayList<>();
    private final List<LoadRunSvg.Mark> marks = new ArrayList<>();
    private final List<long[]> squeezes = new ArrayList<>();
    private final List<LoadFigures.Window> windows = new ArrayList<>();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private volatile String phase = "setup";
    private volatile CrmMonView last;

    private LoadHarness(E2eLab lab, int buckets) {
        this.lab = lab;
        this.buckets = buckets;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>(Map.of("--buckets", "24", "--hold", "5m", "--cpus", "0.2",
                "--baseline", "60", "--squeeze", "180", "--short", "12", "--long", "3", "--think", "30", "--query-ms", "5",
                "--out", "/tmp/clonevip-load-e2e"));
        for (int i = 0; i < args.length; i += 2) {
            if (!o.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println("load run: unknown option or missing value: " + args[i] + " (options: " + o.keySet() + ")");
                System.exit(2);
            }
            o.put(args[i], args[i + 1]);
        }
        int rc = 0;
        try (E2eLab lab = E2eLab.start(); CpuSqueeze groups = new CpuSqueeze(lab)) {
            say(String.format(Locale.ROOT, "lab %s up in %.1f s; load average %s", lab.id(), lab.upTime().toMillis() / 1000.0,
                    loadavg()));
            new LoadHarness(lab, Integer.parseInt(o.get("--buckets"))).run(groups, o);
        } catch (Exception e) {
            System.err.println("load run failed: " + e);
            e.printStackTrace();
            rc = 1;
        }
        System.exit(rc);
    }

    private void run(CpuSqueeze groups, Map<String, String> o) throws Exception {
        for (int n = 1; n <= 3; n++) {
            groups.adopt(n);
        }
        lab.execOk(1, "crm_attribute", "-t", "crm_config", "-n", "load-threshold", "-v", Scenario.LOAD_THRESHOLD);
        // no clone count attribute: with 24 buckets each start and stop would write it, and each write is a CIB
        // change and a scheduler run that may re-place the instances above the even share (run 1 of load-e2e.md)
        String crm = new SeedConfig(buckets, false, VipAgent.IPADDR3.type(), true, lab.monitorCredentials(),
                Map.of("clone_count_attribute", ""), false).crm();
        String monitor = "cluster_type=\"pxc\"";
        if (!crm.contains(monitor)) {
            throw new IllegalStateException("the seed configuration has no " + monitor);
        }
        crm = crm.replace(monitor, monitor + " load_attribute=\"" + ATTRIBUTE + "\" load_hold=\"" + o.get("--hold") + "\"");
        lab.crmConfigure(crm + RULE);
        Thread sampler = Thread.ofPlatform().daemon().name("load-sampler").start(this::sample);
        awaitView("8/8/8 and load_headroom on every node", Duration.ofSeconds(120),
                m -> even(m) && headroom(m, 0) >= 0 && headroom(m, 1) >= 0 && headroom(m, 2) >= 0);
        int count = LoadClient.calibrate(lab.clientNamespace(), SeedConfig.VIP, "app", lab.appPassword(),
                Double.parseDouble(o.get("--query-ms")));
        say("BENCHMARK count " + count + " (about " + o.get("--query-ms") + " ms a query now); " + lab.execOk(1, "crm_mon", "-1", "-A")
                .lines().filter(l -> l.contains(ATTRIBUTE)).toList());
        long baseline = Long.parseLong(o.get("--baseline")) * 1000;
        long squeeze = Long.parseLong(o.get("--squeeze")) * 1000;
        double cpus = Double.parseDouble(o.get("--cpus"));
        try (LoadClient client = new LoadClient(lab.clientNamespace(), SeedConfig.VIP, "app", lab.appPassword(), count,
                Integer.parseInt(o.get("--short")), Integer.parseInt(o.get("--long")), Long.parseLong(o.get("--think")), origin)) {
            // leg 1: load-aware
            long t0 = leg("load-aware", baseline);
            long sq = mark("squeeze node1 to " + cpus + " CPU");
            groups.squeeze(1, cpus);
            say("node1's quota: " + groups.shown(1));
            LoadSample shed = awaitSample("node1 at most " + buckets / 6 + " buckets", Duration.ofMillis(squeeze),
                    s -> s.buckets()[0] <= buckets / 6);
            if (shed != null) {
                marks.add(new LoadRunSvg.Mark(shed.atMillis(), "node1 shed (" + (shed.atMillis() - sq) / 1000 + " s)"));
            }
            sleepUntil(sq + squeeze);
            long rel = mark("release node1");
            groups.release(1);
            squeezes.add(new long[] {sq, rel});
            windows.add(new LoadFigures.Window("load-aware, before the squeeze", t0, sq));
            windows.add(new LoadFigures.Window("load-aware, squeezed (whole)", sq, rel));
            if (shed != null) {
                windows.add(new LoadFigures.Window("load-aware, squeezed, after node1 shed", shed.atMillis(), rel));
            }
            phase = "load-aware, released";
            LoadSample back = awaitSample("shares even again", Duration.ofMinutes(12),
                    s -> s.buckets()[0] == buckets / 3 && s.buckets()[1] == buckets / 3 && s.buckets()[2] == buckets / 3);
            long after = back == null ? now() : back.atMillis();
            if (back != null) {
                marks.add(new LoadRunSvg.Mark(after, "even again (" + (after - rel) / 1000 + " s after release)"));
            }
            windows.add(new LoadFigures.Window("load-aware, released, node1 still shedding", rel, after));
            sleepUntil(after + baseline);
            windows.add(new LoadFigures.Window("load-aware, even again", after, now()));
            // leg 2: static
            lab.execOk(1, "crm", "configure", "delete", "loc-load-cluster-vip");
            mark("rule deleted (static)");
            long s0 = leg("static", 30_000 + baseline);
            long sq2 = mark("squeeze node1 to " + cpus + " CPU");
            groups.squeeze(1, cpus);
            sleepUntil(sq2 + squeeze);
            long rel2 = mark("release node1");
            groups.release(1);
            squeezes.add(new long[] {sq2, rel2});
            windows.add(new LoadFigures.Window("static, before the squeeze", s0 + 30_000, sq2));
            windows.add(new LoadFigures.Window("static, squeezed", sq2, rel2));
            phase = "static, released";
            sleepUntil(rel2 + baseline);
            windows.add(new LoadFigures.Window("static, released", rel2, now()));
            clientQueries = client.queries();
        } finally {
            sampling.set(false);
            sampler.join(10_000);
        }
        report(o);
    }

    private long leg(String name, long baseline) {
        phase = name;
        long t = mark(name + " leg");
        sleepUntil(t + baseline);
        return t;
    }

    private void report(Map<String, String> o) throws IOException {
        Path out = Path.of(o.get("--out"));
        Files.createDirectories(out);
        List<LoadClient.LoadQuery> queries = clientQueries;
        StringBuilder t = new StringBuilder(LoadFigures.header()).append('\n');
        for (LoadFigures.Window w : windows) {
            t.append(LoadFigures.row(w, queries, samples)).append('\n');
        }
        t.append("\nShort connections only (a new connection per query):\n\n").append(LoadFigures.header()).append('\n');
        List<LoadClient.LoadQuery> shortOnes = queries.stream().filter(q -> !q.longConnection()).toList();
        for (LoadFigures.Window w : windows) {
            t.append(LoadFigures.row(w, shortOnes, samples)).append('\n');
        }
        System.out.println(t);
        Files.writeString(out.resolve("load-e2e-windows.md"), t);
        StringBuilder s = new StringBuilder("at_ms\tphase\tbuckets_node1\tbuckets_node2\tbuckets_node3\theadroom_node1\theadroom_node2\theadroom_node3\n");
        samples.forEach(x -> s.append(x.tsv()).append('\n'));
        Files.writeString(out.resolve("load-e2e-samples.tsv"), s);
        StringBuilder m = new StringBuilder("at_ms\tevent\n");
        marks.forEach(x -> m.append(x.atMillis()).append('\t').append(x.label()).append('\n'));
        Files.writeString(out.resolve("load-e2e-events.tsv"), m);
        Files.writeString(out.resolve("load-e2e.svg"), LoadRunSvg.render("load-aware placement vs static, node1's database "
                + "squeezed to " + o.get("--cpus") + " CPU (" + buckets + " buckets, " + o.get("--short") + " short + " + o.get("--long")
                + " long client loops)", buckets, samples, queries, marks, squeezes));
        say("figures in " + out + "; load average " + loadavg());
    }

    private volatile List<LoadClient.LoadQuery> clientQueries = List.of();

    private void sample() {
        while (sampling.get()) {
            try {
                CrmMonView m = lab.status(3);
                last = m;
                Map<String, Integer> per = m.instancesPerNode(SeedConfig.VIP_PRIMITIVE);
                int[] b = new int[3];
                int[] h = new int[3];
                for (int n = 0; n < 3; n++) {
                    b[n] = per.getOrDefault(E2eLab.nodeName(n + 1), 0);
                    h[n] = headroom(m, n);
                }
                samples.add(new LoadSample(now(), phase, b, h));
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // crm_mon did not answer this time
            }
        }
    }

    private static int headroom(CrmMonView m, int n) {
        return m.attribute(E2eLab.nodeName(n + 1), ATTRIBUTE).filter(v -> v.matches("[0-9]+")).map(Integer::parseInt).orElse(-1);
    }

    private boolean even(CrmMonView m) {
        Map<String, Integer> per = m.instancesPerNode(SeedConfig.VIP_PRIMITIVE);
        return per.size() == 3 && per.values().stream().allMatch(v -> v == buckets / 3);
    }

    private void awaitView(String what, Duration timeout, Predicate<CrmMonView> p) {
        E2eLab.await(what, timeout, () -> last != null && p.test(last), () -> lab.crmMonText(3));
    }

    /** The first sample from now on that satisfies {@code p}, null on timeout (the run goes on). */
    private LoadSample awaitSample(String what, Duration timeout, Predicate<LoadSample> p) {
        int from = samples.size();
        long deadline = now() + timeout.toMillis();
        while (now() < deadline) {
            for (int i = from; i < samples.size(); i++) {
                if (p.test(samples.get(i))) {
                    say(what + " at +" + samples.get(i).atMillis() / 1000 + " s: " + samples.get(i).tsv());
                    return samples.get(i);
                }
            }
            sleepUntil(now() + 200);
        }
        say(what + ": not seen within " + timeout.toSeconds() + " s");
        return null;
    }

    private long mark(String label) {
        long t = now();
        marks.add(new LoadRunSvg.Mark(t, label));
        say("+" + t / 1000 + " s: " + label);
        return t;
    }

    private long now() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    private void sleepUntil(long atMillis) {
        long wait;
        while ((wait = atMillis - now()) > 0) {
            try {
                Thread.sleep(Math.min(wait, 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void say(String s) {
        System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] " + s);
        System.out.flush();
    }
}
