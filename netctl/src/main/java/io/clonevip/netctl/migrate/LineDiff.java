package io.clonevip.netctl.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, line by line (Myers' O((N+M)D) algorithm), with three lines of
 * context, in the format of {@code diff -u}.
 */
public final class LineDiff {
    private static final int CONTEXT = 3;

    private LineDiff() {}

    /** One line of the edit script: ' ' kept, '-' removed, '+' added; with 0-based line numbers. */
    private record Op(char kind, int a, int b, String line) {}

    /** The unified diff, or "" when the texts are equal. */
    public static String unified(String fromName, String toName, String from, String to) {
        List<String> a = lines(from);
        List<String> b = lines(to);
        List<Op> ops = script(a, b);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).kind() == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while changes are within 2*CONTEXT kept lines of each other
            int j = i;
            while (j < ops.size()) {
                if (ops.get(j).kind() != ' ') {
                    end = j;
                    j++;
                } else {
                    int k = j;
                    while (k < ops.size() && ops.get(k).kind() == ' ') k++;
                    if (k < ops.size() && k - j <= 2 * CONTEXT) j = k;
                    else break;
                }
            }
            int stop = Math.min(ops.size(), end + 1 + CONTEXT);
            if (out.isEmpty()) out.append("--- ").append(fromName).append('\n').append("+++ ").append(toName).append('\n');
            hunk(out, ops.subList(start, stop));
            i = stop;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Op> h) {
        int aStart = -1;
        int bStart = -1;
        int aLen = 0;
        int bLen = 0;
        for (Op o : h) {
            if (o.kind() != '+') {
                if (aStart < 0) aStart = o.a();
                aLen++;
            }
            if (o.kind() != '-') {
                if (bStart < 0) bStart = o.b();
                bLen++;
            }
        }
        if (aStart < 0) aStart = h.get(0).a();
        if (bStart < 0) bStart = h.get(0).b();
        out.append("@@ -").append(range(aStart, aLen)).append(" +").append(range(bStart, bLen)).append(" @@\n");
        for (Op o : h) out.append(o.kind()).append(o.line()).append('\n');
    }

    private static String range(int start0, int len) {
        int start = len == 0 ? start0 : start0 + 1;
        return len == 1 ? String.valueOf(start) : start + "," + len;
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /** Myers' shortest edit script, each op carrying its line positions in a and b. */
    private static List<Op> script(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int[] v = new int[2 * max + 2];
        List<int[]> trace = new ArrayList<>();
        outer:
        for (int d = 0; d <= max; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) ? v[max + k + 1] : v[max + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[max + k] = x;
                if (x >= n && y >= m) break outer;
            }
        }
        List<Op> ops = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] vd = trace.get(d);
            int k = x - y;
            int prevK = (k == -d || (k != d && vd[max + k - 1] < vd[max + k + 1])) ? k + 1 : k - 1;
            int prevX = d == 0 ? 0 : vd[max + prevK];
            int prevY = d == 0 ? 0 : prevX - prevK;
            while (x > prevX && y > prevY) {
                x--;
                y--;
                ops.add(new Op(' ', x, y, a.get(x)));
            }
            if (d > 0) {
                if (x == prevX) ops.add(new Op('+', x, prevY, b.get(prevY)));
                else ops.add(new Op('-', prevX, y, a.get(prevX)));
            }
            x = prevX;
            y = prevY;
        }
        java.util.Collections.reverse(ops);
        return ops;
    }
}
