package io.clonevip.netctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineDiffTest {
    @Test
    void equalTextsGiveNoDiff() {
        assertEquals("", LineDiff.unified("a", "b", "x\ny\n", "x\ny\n"));
    }

    @Test
    void sameOutputAsDiffU() {
        String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n";
        String b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n15\n16\nseventeen\n";
        assertEquals("""
                --- a
                +++ b
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8
                @@ -11,6 +11,6 @@
                 11
                 12
                 13
                -14
                 15
                 16
                +seventeen
                """, LineDiff.unified("a", "b", a, b));
    }

    @Test
    void insertionIntoEmptyAndDeletionOfAll() {
        assertEquals("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", LineDiff.unified("a", "b", "", "x\ny\n"));
        assertEquals("--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n", LineDiff.unified("a", "b", "x\n", ""));
    }

    /** Random edits: applying the diff to the old text must give the new one. */
    @Test
    void randomEditsRoundTrip() {
        Random rnd = new Random(20261125);
        for (int round = 0; round < 300; round++) {
            List<String> a = new ArrayList<>();
            int n = rnd.nextInt(40);
            for (int i = 0; i < n; i++) a.add("l" + rnd.nextInt(8));
            List<String> b = new ArrayList<>(a);
            int edits = rnd.nextInt(6);
            for (int e = 0; e < edits; e++) {
                int op = rnd.nextInt(3);
                if (op == 0 || b.isEmpty()) b.add(rnd.nextInt(b.size() + 1), "n" + rnd.nextInt(5));
                else if (op == 1) b.remove(rnd.nextInt(b.size()));
                else b.set(rnd.nextInt(b.size()), "c" + rnd.nextInt(5));
            }
            String from = text(a);
            String to = text(b);
            assertEquals(to, apply(from, LineDiff.unified("a", "b", from, to)), "round " + round);
        }
    }

    private static String text(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        return sb.toString();
    }

    /** A strict patch: context and removed lines must match the old text at the hunk's position. */
    private static String apply(String from, String diff) {
        List<String> old = from.isEmpty() ? List.of() : List.of(from.split("\n"));
        List<String> out = new ArrayList<>();
        int pos = 0;
        if (diff.isEmpty()) return from;
        String[] lines = diff.split("\n");
        for (int i = 2; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith("@@")) {
                String[] r = l.split(" ")[1].substring(1).split(",");
                int start = Integer.parseInt(r[0]);
                int len = r.length > 1 ? Integer.parseInt(r[1]) : 1;
                int idx = len == 0 ? start : start - 1;
                while (pos < idx) out.add(old.get(pos++));
            } else if (l.startsWith(" ") || l.startsWith("-")) {
                assertEquals(old.get(pos), l.substring(1));
                pos++;
                if (l.startsWith(" ")) out.add(l.substring(1));
            } else if (l.startsWith("+")) {
                out.add(l.substring(1));
            }
        }
        while (pos < old.size()) out.add(old.get(pos++));
        return text(out);
    }
}
