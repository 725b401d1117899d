package io.clonevip.netctl;

import io.clonevip.cluster.BucketSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The BUCKETS arguments of {@code netctl buckets}: each a bucket list such as {@code 2} or
 * {@code 1,4-6}. The syntax is checked before anything is read from the kernel, the range
 * (1..N) once N is known; both failures are usage errors naming the bucket.
 */
public final class BucketArgs {
    private static final Pattern ITEM = Pattern.compile("\\s*\\d{1,9}\\s*(-\\s*\\d{1,9}\\s*)?");

    private final List<String> texts;

    private BucketArgs(List<String> texts) { this.texts = List.copyOf(texts); }

    /** Checks the syntax of every argument (blank is allowed only alone, for {@code set}: no bucket). */
    public static BucketArgs parse(List<String> texts, boolean blankAllowed) {
        for (String t : texts) {
            if (t.isBlank()) {
                if (blankAllowed && texts.size() == 1) continue;
                throw new NetctlException(ExitCodes.USAGE, "empty bucket list: give buckets such as 2 or 1,4-6");
            }
            for (String item : t.split(",", -1)) {
                if (!ITEM.matcher(item).matches()) {
                    throw new NetctlException(ExitCodes.USAGE, "malformed bucket list '" + t + "': expected bucket numbers"
                            + " and ranges such as 2 or 1,4-6 (item '" + item.strip() + "')");
                }
            }
        }
        return new BucketArgs(texts);
    }

    /** The union of every argument as buckets of {@code 1..n}; {@code vip} names the cluster IP in errors. */
    public BucketSet resolve(int n, String vip) {
        BucketSet all = BucketSet.empty(n);
        for (String t : texts) {
            if (t.isBlank()) continue;
            for (String item : t.split(",")) {
                String[] ends = item.strip().split("\\s*-\\s*");
                long first = Long.parseLong(ends[0].strip());
                long last = ends.length > 1 ? Long.parseLong(ends[1].strip()) : first;
                for (long b : new long[] {first, last}) {
                    if (b < 1 || b > n) {
                        throw new NetctlException(ExitCodes.USAGE, "bucket " + b + (item.strip().equals(Long.toString(b)) ? ""
                                : " (in '" + item.strip() + "')") + " is outside 1.." + n + ": " + vip + " has N=" + n
                                + " buckets; nothing changed");
                    }
                }
                if (last < first) {
                    throw new NetctlException(ExitCodes.USAGE, "bucket range '" + item.strip() + "' is descending;"
                            + " write " + last + "-" + first + "; nothing changed");
                }
                for (long b = first; b <= last; b++) all = all.with((int) b);
            }
        }
        return all;
    }
}
