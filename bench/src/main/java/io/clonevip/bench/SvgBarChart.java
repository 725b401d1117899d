package io.clonevip.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart as a standalone SVG document (no fonts or scripts from outside): one
 * bar per row with its label on the left and its value at the end; optional log scale for
 * values spanning decades; optional second line under the title (what was measured, commit).
 */
final class SvgBarChart {
    record Bar(String label, double value, String valueText, int colour) {}

    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"};
    private static final int ROW = 26;
    private static final int LABEL_W = 300;
    private static final int PLOT_W = 420;
    private static final int VALUE_W = 130;

    private final String title;
    private final String subtitle;
    private final boolean log;
    private final List<Bar> bars = new ArrayList<>();

    SvgBarChart(String title, String subtitle, boolean log) {
        this.title = title;
        this.subtitle = subtitle;
        this.log = log;
    }

    SvgBarChart bar(String label, double value, String valueText, int colour) {
        bars.add(new Bar(label, value, valueText, colour));
        return this;
    }

    String render() {
        double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(1);
        double min = bars.stream().mapToDouble(Bar::value).filter(v -> v > 0 && Double.isFinite(v)).min().orElse(1);
        double lo = log ? Math.pow(10, Math.floor(Math.log10(min))) : 0;
        double step = niceStep(max / 4);
        double hi = log ? Math.max(max * 1.2, lo * 10) : Math.ceil(max / step) * step;
        int top = 58;
        int width = LABEL_W + PLOT_W + VALUE_W;
        int height = top + bars.size() * ROW + 34;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"42\" fill=\"#555\">%s</text>%n", esc(subtitle)));
        int axisY = top + bars.size() * ROW;
        // grid: decades for log, quarters for linear
        List<Double> ticks = new ArrayList<>();
        if (log) for (double t = lo; t <= hi * 1.0001; t *= 10) ticks.add(t);
        else for (double t = 0; t <= hi * 1.0001; t += step) ticks.add(t);
        for (double t : ticks) {
            double x = LABEL_W + scale(t, lo, hi) * PLOT_W;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, top - 4, x, axisY));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n", x, axisY + 16, tick(t)));
        }
        for (int k = 0; k < bars.size(); k++) {
            Bar b = bars.get(k);
            int y = top + k * ROW;
            double w = Double.isFinite(b.value()) && b.value() > 0 ? Math.max(1, scale(b.value(), lo, hi) * PLOT_W) : 0;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_W - 8, y + 15, esc(b.label())));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    LABEL_W, y + 3, w, ROW - 8, COLOURS[b.colour() % COLOURS.length]));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", LABEL_W + w + 6, y + 15, esc(b.valueText())));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LABEL_W, top - 4, LABEL_W, axisY));
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    private static double niceStep(double raw) {
        if (!(raw > 0)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
    }

    private double scale(double v, double lo, double hi) {
        if (!log) return hi == 0 ? 0 : v / hi;
        return (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
    }

    private static String tick(double t) {
        if (t == 0) return "0";
        if (t >= 1e6) return String.format(Locale.ROOT, "%.3gM", t / 1e6);
        if (t >= 1e3) return String.format(Locale.ROOT, "%.3gk", t / 1e3);
        return String.format(Locale.ROOT, "%.3g", t);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
