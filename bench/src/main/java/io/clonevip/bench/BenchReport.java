package io.clonevip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Regenerates the measured parts of {@code docs/measurements/benchmarks.md} and its figures from the result
 * files of the last runs in {@code docs/measurements/bench/} (JMH's {@code jmh.json}, {@code dataplane.json},
 * {@code bucket-change.json}, {@code sql-candidates-*.json}, {@code jmh-monitor.json}, each with its {@code .meta.json} naming commit and machine). Only
 * the text between {@code <!-- BEGIN generated:NAME -->} and {@code <!-- END generated:NAME -->}
 * is replaced; the rest of the document is written by hand. SVG figures go to
 * {@code docs/measurements/bench/*.svg}. Run by {@code bench/report.sh}. Usage: BenchReport [DIR] (default docs/measurements)
 */
public final class BenchReport {
    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs/measurements");
        Path dir = docs.resolve("bench");
        Path md = docs.resolve("benchmarks.md");
        String doc = Files.readString(md);
        ReportSections s = new ReportSections(dir, read(dir, "jmh.json") == null ? List.of() : JmhResult.parse(read(dir, "jmh.json")),
                meta(dir, "jmh"), meta(dir, "dataplane"), meta(dir, "bucket-change"));
        doc = replace(doc, "machine", s.machine());
        doc = replace(doc, "netlink", s.netlink());
        doc = replace(doc, "predictor", s.predictor());
        doc = replace(doc, "monitor", monitorSections(dir, s).monitor());
        doc = replace(doc, "dataplane", s.dataplane(read(dir, "dataplane.json")));
        doc = replace(doc, "bucket-change", s.bucketChange(read(dir, "bucket-change.json")));
        doc = replace(doc, "sql-candidates", ReportSections.sqlCandidates(meta(dir, "sql-candidates"),
                Arrays.asList(read(dir, "sql-candidates-primary.json"), read(dir, "sql-candidates-replica.json"),
                        read(dir, "sql-candidates-galera.json"), read(dir, "sql-candidates-galera-pfs.json"))));
        Files.writeString(md, doc);
        System.out.println("report: " + md + " and " + s.figures() + " figure(s) in " + dir);
    }

    /**
     * The monitor block's source: {@code jmh-monitor.json} (bench/run-jmh.sh --monitor) when it
     * is newer than the full run's {@code jmh.json}, else the full run.
     */
    private static ReportSections monitorSections(Path dir, ReportSections full) throws IOException {
        String json = read(dir, "jmh-monitor.json");
        Map<String, Object> m = meta(dir, "jmh-monitor");
        Map<String, Object> fullMeta = meta(dir, "jmh");
        if (json == null || m == null || fullMeta != null && String.valueOf(m.get("date")).compareTo(String.valueOf(fullMeta.get("date"))) <= 0) {
            return full;
        }
        return new ReportSections(dir, JmhResult.parse(json), m, null, null);
    }

    static String read(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p) : null;
    }

    static Map<String, Object> meta(Path dir, String name) throws IOException {
        String t = read(dir, name + ".meta.json");
        return t == null ? null : Json.obj(Json.parse(t));
    }

    /** The document with the block NAME's content replaced; fails when the markers are missing. */
    static String replace(String doc, String name, String content) {
        String begin = "<!-- BEGIN generated:" + name + " -->";
        String end = "<!-- END generated:" + name + " -->";
        int b = doc.indexOf(begin);
        int e = doc.indexOf(end);
        if (b < 0 || e < b) throw new IllegalArgumentException("benchmarks.md lacks the markers of block " + name);
        return doc.substring(0, b + begin.length()) + "\n" + content + (content.endsWith("\n") ? "" : "\n") + doc.substring(e);
    }
}
