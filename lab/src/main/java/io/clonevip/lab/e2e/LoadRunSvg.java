package io.clonevip.lab.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load run as SVG (docs/measurements/load-e2e.md): above, the VIP buckets each node ran (one step
 * line per node, from the crm_mon samples); below, the client's p50 and p99 query time per 5-s
 * window on a log scale; the squeezes shaded, the run's events as labelled vertical lines.
 */
final class LoadRunSvg {
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f"};
    private static final int LEFT = 60;
    private static final int WIDTH = 1100;
    private static final int TOP = 50;
    private static final int SHARE_H = 200;
    private static final int GAP = 40;
    private static final int LAT_H = 200;
    private static final long WINDOW_MS = 5000;

    /** A labelled moment; squeezes are the pairs (start, end). */
    record Mark(long atMillis, String label) {
    }

    private LoadRunSvg() {
    }

    static String render(String title, int buckets, List<LoadSample> samples, List<LoadClient.LoadQuery> queries,
                         List<Mark> marks, List<long[]> squeezes) {
        long end = Math.max(1, samples.isEmpty() ? 1 : samples.getLast().atMillis());
        double sx = (WIDTH - LEFT - 20) / (double) end;
        int latTop = TOP + SHARE_H + GAP;
        int height = latTop + LAT_H + 50;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", WIDTH, height));
        s.append(String.format("<text x=\"10\" y=\"18\" font-size=\"14\">%s</text>%n", escape(title)));
        for (long[] q : squeezes) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eeeeee\"/>%n",
                    LEFT + q[0] * sx, TOP, (q[1] - q[0]) * sx, latTop + LAT_H - TOP));
        }
        // shares
        axis(s, TOP, SHARE_H, "buckets", List.of(0, buckets / 6, buckets / 3, buckets / 2), buckets);
        for (int n = 0; n < 3; n++) {
            StringBuilder p = new StringBuilder();
            double lastY = -1;
            for (LoadSample smp : samples) {
                double x = LEFT + smp.atMillis() * sx;
                double y = TOP + SHARE_H - smp.buckets()[n] * (double) SHARE_H / (buckets / 2.0 + 2);
                p.append(p.isEmpty() ? String.format(Locale.ROOT, "M%.1f,%.1f", x, y)
                        : String.format(Locale.ROOT, " H%.1f V%.1f", x, y));
                lastY = y;
            }
            s.append(String.format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", p, COLOURS[n]));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">node%d</text>%n", WIDTH - 250 + n * 60, TOP - 6,
                    COLOURS[n], n + 1));
        }
        // latency, log scale 1 ms .. 10 s
        s.append(String.format("<text x=\"10\" y=\"%d\">query ms (log)</text>%n", latTop - 6));
        for (int decade = 0; decade <= 4; decade++) {
            double y = latTop + LAT_H - decade * LAT_H / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#cccccc\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, WIDTH - 20, y, LEFT - 4, y + 4,
                    new String[] {"1", "10", "100", "1000", "10000"}[decade]));
        }
        List<LoadClient.LoadQuery> sorted = new ArrayList<>(queries);
        sorted.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
        for (double q : new double[] {0.5, 0.99}) {
            StringBuilder p = new StringBuilder();
            for (long w = 0; w < end; w += WINDOW_MS) {
                long from = w;
                double[] ms = sorted.stream().filter(x -> x.ok() && x.startMillis() >= from && x.startMillis() < from + WINDOW_MS)
                        .mapToDouble(LoadClient.LoadQuery::millis).sorted().toArray();
                if (ms.length == 0) {
                    continue;
                }
                double v = Math.max(1, Math.min(10000, LoadFigures.quantile(ms, q)));
                double y = latTop + LAT_H - Math.log10(v) * LAT_H / 4.0;
                p.append(p.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f", LEFT + (w + WINDOW_MS / 2.0) * sx, y));
            }
            s.append(String.format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", p,
                    q == 0.5 ? "#666666" : "#e15759"));
        }
        s.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#666666\">p50</text><text x=\"%d\" y=\"%d\" fill=\"#e15759\">p99"
                + "</text>%n", WIDTH - 130, latTop - 6, WIDTH - 90, latTop - 6));
        int row = 0;
        for (Mark m : marks) {
            double x = LEFT + m.atMillis() * sx;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888888\" "
                    + "stroke-dasharray=\"3,3\"/><text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>%n", x, TOP, x,
                    latTop + LAT_H, x + 2, latTop + LAT_H + 14 + 12 * (row++ % 3), escape(m.label())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">seconds: 0 … %.0f (grey: node1's database squeezed)</text>%n",
                LEFT, height - 4, end / 1000.0));
        return s.append("</svg>\n").toString();
    }

    private static void axis(StringBuilder s, int top, int h, String label, List<Integer> ticks, int buckets) {
        s.append(String.format("<text x=\"10\" y=\"%d\">%s per node</text>%n", top - 6, label));
        for (int t : ticks) {
            double y = top + h - t * (double) h / (buckets / 2.0 + 2);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#cccccc\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n", LEFT, y, WIDTH - 20, y, LEFT - 4, y + 4, t));
        }
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
