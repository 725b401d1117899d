package io.clonevip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Not a benchmark: the report generator reads JMH's JSON, fills marked blocks, renders SVG. */
class ReportSmokeTest {
    static final String JMH = """
            [{"benchmark": "io.clonevip.bench.DecisionBench.evaluate", "mode": "avgt", "params": {"clusterType": "pxc"},
              "primaryMetric": {"score": 2.5, "scoreError": "NaN", "scoreUnit": "ns/op", "scorePercentiles": {"50.0": 2.4}},
              "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 1.0E-4, "scoreUnit": "B/op"}}}]
            """;

    @Test
    void parsesJmhJsonAndFillsTheBlock() {
        List<JmhResult> r = JmhResult.parse(JMH);
        assertEquals(1, r.size());
        assertEquals("DecisionBench.evaluate", r.get(0).name());
        assertEquals("pxc", r.get(0).param("clusterType"));
        assertEquals(2.5, r.get(0).nanos());
        assertTrue(Double.isNaN(r.get(0).error()));
        assertEquals(2.4, r.get(0).typicalNanos()); // the median of the iterations
        assertEquals("median of iterations", r.get(0).typicalLabel());
        String doc = "a\n<!-- BEGIN generated:x -->\nold\n<!-- END generated:x -->\nb\n";
        assertEquals("a\n<!-- BEGIN generated:x -->\nnew\n<!-- END generated:x -->\nb\n", BenchReport.replace(doc, "x", "new"));
        assertThrows(IllegalArgumentException.class, () -> BenchReport.replace(doc, "y", "new"));
    }

    @Test
    void jsonWrittenReadsBackEqual() {
        Object v = Json.parse(JMH);
        assertEquals(v, Json.parse(Json.write(v)));
        assertEquals("a\"b\\c", Json.parse(Json.write("a\"b\\c")));
    }

    @Test
    void rendersALogScaleChart() {
        String svg = new SvgBarChart("t <1>", "s", true).bar("a", 0.3, "0.3", 0).bar("b", 2000, "2000", 1).render();
        assertTrue(svg.startsWith("<svg") && svg.contains("t &lt;1&gt;") && svg.trim().endsWith("</svg>"), svg);
    }
}
