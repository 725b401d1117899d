package io.clonevip.lab.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a scenario run as SVG: one row per VIP bucket, coloured by the node that ran it (from
 * the crm_mon samples), the client's queries as ticks in their bucket's row (coloured by the
 * answering node, failures red), and the scenario's actions as labelled vertical lines.
 */
public final class TimelineSvg {

    private static final Map<String, String> COLOURS = Map.of("node1", "#4e79a7", "node2", "#f28e2b", "node3", "#59a14f");
    private static final int LEFT = 70;
    private static final int WIDTH = 1100;
    private static final int ROW = 22;

    private TimelineSvg() {
    }

    public static String render(ScenarioResult r, String title) {
        Timeline tl = r.timeline();
        List<Timeline.Sample> samples = tl.samples();
        List<Timeline.Event> events = tl.events();
        long end = Math.max(1, Math.max(samples.isEmpty() ? 0 : samples.getLast().at(),
                events.isEmpty() ? 0 : events.getLast().at()) + 1000);
        int buckets = r.buckets();
        int top = 40 + 14 * events.size();
        int height = top + buckets * ROW + 60;
        double scale = (WIDTH - LEFT - 20) / (double) end;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format("<text x=\"10\" y=\"18\" font-size=\"14\">%s</text>%n", escape(title)));
        for (int b = 1; b <= buckets; b++) {
            int y = top + (b - 1) * ROW;
            s.append(String.format("<text x=\"8\" y=\"%d\">bucket %d</text>%n", y + 15, b));
            // one band per run of samples with the same owner
            for (int i = 0; i < samples.size(); ) {
                Timeline.Sample sm = samples.get(i);
                String owner = sm.owners().get(b);
                int j = i + 1;
                while (j < samples.size() && java.util.Objects.equals(samples.get(j).owners().get(b), owner)) {
                    j++;
                }
                long to = j < samples.size() ? samples.get(j).at() : end;
                String fill = owner == null ? "#dddddd" : COLOURS.getOrDefault(owner, "#999999");
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.45\"/>%n",
                        LEFT + sm.at() * scale, y + 2, Math.max(0.5, (to - sm.at()) * scale), ROW - 4, fill));
                i = j;
            }
        }
        java.util.Set<String> drawn = new java.util.HashSet<>();
        for (Query q : r.queries()) {
            if (q.bucket() < 1 || q.bucket() > buckets) {
                continue;
            }
            int y = top + (q.bucket() - 1) * ROW;
            double x = LEFT + q.startMillis() * scale;
            // one mark per bucket, pixel column and outcome: the picture is the same, the file small
            if (!drawn.add(q.bucket() + " " + Math.round(x) + " " + (q.ok() ? q.answeredBy() : "!"))) {
                continue;
            }
            if (q.ok()) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"0.8\"/>%n",
                        x, y + 6, x, y + ROW - 6, COLOURS.getOrDefault(q.answeredBy(), "#000000")));
            } else {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"#e15759\"/>%n", x, y + ROW / 2));
            }
        }
        for (int i = 0; i < events.size(); i++) {
            Timeline.Event e = events.get(i);
            double x = LEFT + e.at() * scale;
            int ly = 34 + 14 * i;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"2,2\" stroke-width=\"0.7\"/>%n",
                    x, ly + 2, x, top + buckets * ROW));
            String anchor = x > WIDTH * 0.7 ? "end" : "start";
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"#333\">%.1f s %s</text>%n",
                    x + (anchor.equals("end") ? -3 : 3), ly, anchor, e.at() / 1000.0, escape(e.label())));
        }
        int axisY = top + buckets * ROW + 14;
        for (long t = 0; t <= end; t += tick(end)) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d s</text>%n",
                    LEFT + t * scale, axisY, t / 1000));
        }
        int ly = axisY + 22;
        int x = LEFT;
        for (String n : List.of("node1", "node2", "node3")) {
            s.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    x, ly - 9, COLOURS.get(n), x + 16, ly, n));
            x += 80;
        }
        s.append(String.format("<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#e15759\"/><text x=\"%d\" y=\"%d\">failed query</text>%n",
                x + 6, ly - 4, x + 16, ly));
        s.append(String.format("<text x=\"%d\" y=\"%d\">band: node running the bucket (crm_mon); tick: query answered by that node's colour</text>%n",
                x + 110, ly));
        s.append("</svg>\n");
        return s.toString();
    }

    private static long tick(long end) {
        return end > 120_000 ? 10_000 : end > 40_000 ? 5_000 : 2_000;
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
