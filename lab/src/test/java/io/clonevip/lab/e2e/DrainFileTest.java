package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drain harness's figures file and its tables (no lab). */
class DrainFileTest {

    private static DrainAnalysis.EventFigures figures(String event, Map<Integer, Integer> moves, int open, int broken, int orphans) {
        return new DrainAnalysis.EventFigures(event, moves, open, broken, broken, broken == 0 ? -1 : 600, broken + 2, 0, 3, 3,
                orphans, 12_400);
    }

    private static List<DrainFile.Leg> legs() {
        return List.of(
                new DrainFile.Leg("commit abc1234", 3, "before", "drain_limit=0", "persistent", List.of(
                        figures("desync node1", Map.of(1, 1), 10, 10, 0), figures("resync node1", Map.of(1, 1, 3, 2), 20, 20, 1)),
                        0, "1.52 1.40 1.30 2/300 4000"),
                new DrainFile.Leg("commit abc1234", 3, "after", "drain_limit=60", "persistent", List.of(
                        figures("desync node1", Map.of(1, 1), 10, 0, 0), figures("resync node1", Map.of(1, 1), 10, 0, 0)),
                        0, "1.61 1.40 1.30 2/300 4000"));
    }

    @Test
    void legsReadBackAsWritten(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("drain.tsv");
        for (DrainFile.Leg l : legs()) {
            DrainFile.append(f, l);
        }
        assertEquals(legs(), DrainFile.read(f));
        assertEquals("1:1 3:2", DrainFile.moves(Map.of(3, 2, 1, 1)));
        assertEquals(Map.of(), DrainFile.moves("-"));
    }

    @Test
    void tablesSetLegsBesideTheIssuesFigures() {
        String t = DrainTable.render(legs());
        assertTrue(t.contains("| | " + DrainTable.ISSUE + " | before (drain_limit=0), pool persistent | after (drain_limit=60), pool persistent |"), t);
        assertTrue(t.contains("| pool connections open in the moved buckets at the event | 30 persistent connections over the buckets | 30 | 20 |"), t);
        assertTrue(t.contains("| of those broken (reset or timed out) | every one (reset by the new owner 0–1.1 s after the move) | 30 | 0 |"), t);
        assertTrue(t.contains("| orphaned `app` sessions after the last event (summed over the labs) | 108 after 16 events | 1 | 0 |"), t);
        assertTrue(t.contains("| planned events | 16 (3 and 12 buckets) | 2 (3 buckets) | 2 (3 buckets) |"), t);
        assertTrue(t.contains("| bucket moves (of which a bucket's second or later move in one event) |"), t);
        assertTrue(t.contains(" | 4 (1) | 2 (0) |"), t);
        assertTrue(t.contains("| 2. resync node1 | 1:1 3:2 | 20 of 20 at +0.6 s | 22 | 1 (+12 s) | 1:1 | 0 of 10 | 2 | 0 (+12 s) |"), t);
    }

    @Test
    void theGeneratedPartIsReplacedAndTheProseKept() {
        String doc = "# Title\n\nProse.\n\n" + DrainTable.BEGIN + "\nold\n" + DrainTable.END + "\n\nMore prose.\n";
        String out = DrainTable.replace(doc, "new\n");
        assertEquals("# Title\n\nProse.\n\n" + DrainTable.BEGIN + "\nnew\n" + DrainTable.END + "\n\nMore prose.\n", out);
        assertEquals(out, DrainTable.replace(out, "new\n"));
        assertEquals("# T\n\n" + DrainTable.BEGIN + "\nx\n" + DrainTable.END + "\n", DrainTable.replace("# T\n", "x\n"));
    }
}
