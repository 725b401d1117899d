package io.clonevip.cluster;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

/**
 * An immutable set of buckets, each in {@code 1..total}, for example the buckets one node
 * serves ({@code set cv_local { type mark; elements = { 1, 2, 3, 4 } }}). Text form: ascending
 * numbers and ranges, {@code "1-3,7"}; the empty set is {@code ""}.
 */
public final class BucketSet implements Iterable<Integer> {

    /** Largest number of buckets a cluster IP may have. */
    public static final int MAX_BUCKETS = 4096;

    private final int total;
    private final long[] bits; // bit (k - 1) set = bucket k present

    private BucketSet(int total, long[] bits) {
        this.total = total;
        this.bits = bits;
    }

    /** No bucket of {@code 1..total}. */
    public static BucketSet empty(int total) {
        return new BucketSet(checkTotal(total), new long[words(total)]);
    }

    /** Every bucket {@code 1..total}. */
    public static BucketSet all(int total) {
        long[] bits = new long[words(checkTotal(total))];
        Arrays.fill(bits, -1L);
        int spare = bits.length * 64 - total;
        bits[bits.length - 1] >>>= spare;
        return new BucketSet(total, bits);
    }

    /** The given buckets (duplicates allowed). */
    public static BucketSet of(int total, int... buckets) {
        long[] bits = new long[words(checkTotal(total))];
        for (int bucket : buckets) {
            checkBucket(bucket, total, Integer.toString(bucket));
            bits[(bucket - 1) >>> 6] |= 1L << (bucket - 1);
        }
        return new BucketSet(total, bits);
    }

    /**
     * Parses {@code "1,2,5-7"}: comma-separated bucket numbers and inclusive ranges {@code a-b}
     * with {@code a <= b}, blanks around items ignored, overlaps allowed. A blank text is the
     * empty set.
     *
     * @throws ClusterSpecException naming the bad item and the valid range {@code 1..total}
     */
    public static BucketSet parse(String text, int total) {
        long[] bits = new long[words(checkTotal(total))];
        if (text == null) {
            throw new ClusterSpecException("bucketSet", null, "buckets within 1.." + total + ", e.g. 1,2,5-7");
        }
        if (text.isBlank()) {
            return new BucketSet(total, bits);
        }
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            int dash = item.indexOf('-', 1);
            int first = number(dash < 0 ? item : item.substring(0, dash).strip(), item, total);
            int last = dash < 0 ? first : number(item.substring(dash + 1).strip(), item, total);
            if (last < first) {
                throw new ClusterSpecException("bucketSet", item,
                        "an ascending range a-b within 1.." + total + " (" + first + " > " + last + ")");
            }
            for (int k = first; k <= last; k++) {
                bits[(k - 1) >>> 6] |= 1L << (k - 1);
            }
        }
        return new BucketSet(total, bits);
    }

    /** The number of buckets of the cluster IP ({@code N}); members lie in {@code 1..total()}. */
    public int total() {
        return total;
    }

    /** Whether {@code bucket} is in the set (false for numbers outside {@code 1..total}). */
    public boolean contains(int bucket) {
        return bucket >= 1 && bucket <= total && (bits[(bucket - 1) >>> 6] & 1L << (bucket - 1)) != 0;
    }

    /** How many buckets the set holds. */
    public int size() {
        int n = 0;
        for (long word : bits) {
            n += Long.bitCount(word);
        }
        return n;
    }

    /** Whether the set holds no bucket. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** This set plus {@code bucket} (this set itself if already present). */
    public BucketSet with(int bucket) {
        checkBucket(bucket, total, Integer.toString(bucket));
        if (contains(bucket)) {
            return this;
        }
        long[] copy = bits.clone();
        copy[(bucket - 1) >>> 6] |= 1L << (bucket - 1);
        return new BucketSet(total, copy);
    }

    /** This set without {@code bucket} (this set itself if absent). */
    public BucketSet without(int bucket) {
        checkBucket(bucket, total, Integer.toString(bucket));
        if (!contains(bucket)) {
            return this;
        }
        long[] copy = bits.clone();
        copy[(bucket - 1) >>> 6] &= ~(1L << (bucket - 1));
        return new BucketSet(total, copy);
    }

    /** The members in ascending order (a new array). */
    public int[] toArray() {
        int[] out = new int[size()];
        int i = 0;
        for (PrimitiveIterator.OfInt it = iterator(); it.hasNext(); ) {
            out[i++] = it.nextInt();
        }
        return out;
    }

    /** Ascending order. */
    @Override
    public PrimitiveIterator.OfInt iterator() {
        return new PrimitiveIterator.OfInt() {
            private int next = after(0);

            @Override
            public boolean hasNext() {
                return next > 0;
            }

            @Override
            public int nextInt() {
                if (next <= 0) {
                    throw new NoSuchElementException();
                }
                int current = next;
                next = after(current);
                return current;
            }
        };
    }

    /** Compact text, e.g. {@code "1-3,7"}; {@code ""} when empty. Parses back with {@link #parse}. */
    public String format() {
        StringBuilder out = new StringBuilder();
        int k = after(0);
        while (k > 0) {
            int end = k;
            while (end < total && contains(end + 1)) {
                end++;
            }
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(k);
            if (end > k) {
                out.append('-').append(end);
            }
            k = after(end);
        }
        return out.toString();
    }

    /** Same as {@link #format()}. */
    @Override
    public String toString() {
        return format();
    }

    /** Equal when both total and members are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof BucketSet that && total == that.total && Arrays.equals(bits, that.bits);
    }

    @Override
    public int hashCode() {
        return 31 * total + Arrays.hashCode(bits);
    }

    /** The smallest member greater than {@code bucket}, or 0 if none. */
    private int after(int bucket) {
        for (int index = bucket; index < total; ) { // index = candidate bucket - 1
            long word = bits[index >>> 6] & (-1L << index);
            if (word != 0) {
                int found = (index & ~63) + Long.numberOfTrailingZeros(word);
                return found < total ? found + 1 : 0;
            }
            index = (index & ~63) + 64;
        }
        return 0;
    }

    private static int number(String text, String item, int total) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new ClusterSpecException("bucketSet", item, "a bucket number or range a-b within 1.." + total);
        }
        int value = Integer.parseInt(text);
        checkBucket(value, total, item);
        return value;
    }

    private static void checkBucket(int bucket, int total, String shown) {
        if (bucket < 1 || bucket > total) {
            throw new ClusterSpecException("bucketSet", shown,
                    "buckets within 1.." + total + " (bucket " + bucket + " is out of range)");
        }
    }

    private static int checkTotal(int total) {
        if (total < 1 || total > MAX_BUCKETS) {
            throw new ClusterSpecException("buckets", total, "an integer 1.." + MAX_BUCKETS);
        }
        return total;
    }

    private static int words(int total) {
        return (total + 63) >>> 6;
    }
}
