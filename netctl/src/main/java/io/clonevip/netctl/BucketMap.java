package io.clonevip.netctl;

import io.clonevip.cluster.BucketSet;

/**
 * The one-glyph-per-bucket picture of a node's buckets: {@code [##..#.......]}, {@code #} for a
 * bucket this node serves, {@code .} for one it does not; 64 buckets per line, each line after
 * the first headed by its first bucket number.
 */
public final class BucketMap {
    private BucketMap() {}

    /** Buckets per line. */
    public static final int WIDTH = 64;

    /** The map lines for {@code local} (bucket 1 leftmost). */
    public static String render(BucketSet local) {
        StringBuilder sb = new StringBuilder();
        int n = local.total();
        for (int first = 1; first <= n; first += WIDTH) {
            if (first > 1) sb.append('\n').append(String.format("%5d ", first));
            sb.append('[');
            for (int b = first; b < first + WIDTH && b <= n; b++) sb.append(local.contains(b) ? '#' : '.');
            sb.append(']');
        }
        return sb.toString();
    }
}
