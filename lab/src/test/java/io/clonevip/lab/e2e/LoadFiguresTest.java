package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The load run's window figures and plot from made-up queries and samples (no lab). */
class LoadFiguresTest {

    private static List<LoadClient.LoadQuery> queries() {
        List<LoadClient.LoadQuery> q = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // 0..10 s: 1..100 ms, node1 answers every other one; one failure at 5 s
            q.add(new LoadClient.LoadQuery(i * 100L, i + 1, i % 2 == 0 ? "node1" : "node2", false, null));
        }
        q.add(new LoadClient.LoadQuery(5000, 3000, null, true, "SQLTransientConnectionException: timeout"));
        q.add(new LoadClient.LoadQuery(20_000, 5, "node3", true, null)); // outside the window
        return q;
    }

    private static List<LoadSample> samples() {
        return List.of(new LoadSample(0, "a", new int[] {8, 8, 8}, new int[] {100, 100, 100}),
                new LoadSample(5000, "a", new int[] {0, 12, 12}, new int[] {0, 90, 90}),
                new LoadSample(15_000, "a", new int[] {8, 8, 8}, new int[] {-1, 90, 90}));
    }

    @Test
    void aWindowCountsItsQueriesPercentilesFailuresAndNode1() {
        String row = LoadFigures.row(new LoadFigures.Window("w", 0, 10_000), queries(), samples());
        assertEquals("| w | 10 | 101 | 50.0 | 99.0 | 1 | 50 % | 0–8 |", row);
        assertEquals(Double.NaN, LoadFigures.quantile(new double[0], 0.5));
        assertEquals(7.0, LoadFigures.quantile(new double[] {7}, 0.99));
    }

    @Test
    void thePlotIsWellFormedSvgWithALinePerNodeAndBothPercentiles() throws Exception {
        String svg = LoadRunSvg.render("t <&>", 24, samples(), queries(), List.of(new LoadRunSvg.Mark(5000, "squeeze")),
                List.<long[]>of(new long[] {4000, 9000}));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(5, doc.getElementsByTagName("path").getLength(), svg); // 3 nodes, p50, p99
        assertTrue(svg.contains("t &lt;&amp;&gt;") && svg.contains("squeeze"), svg);
        assertEquals("5000\ta\t0\t12\t12\t0\t90\t90", samples().get(1).tsv());
    }
}
