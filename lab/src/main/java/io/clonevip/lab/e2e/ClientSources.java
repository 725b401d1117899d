package io.clonevip.lab.e2e;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client's source addresses and how their queries are bucketed. With IPaddr3 (source
 * address and port hashed) the client's own address is enough; upstream IPaddr2's nft backend
 * hashes the source address only, so the client then needs addresses in every bucket.
 *
 * @param addresses every source address, used in turn
 * @param extra     the addresses to add to the client namespace (all but its own)
 * @param buckets   the bucket of a query
 */
public record ClientSources(List<InetAddress> addresses, List<InetAddress> extra, BucketFunction buckets) {

    /** Candidates for extra client addresses: 198.51.100.150-249 (inside the lab only). */
    static final int FIRST = 150;
    static final int LAST = 249;

    public ClientSources {
        addresses = List.copyOf(addresses);
        extra = List.copyOf(extra);
    }

    static ClientSources single(String address, BucketFunction buckets) {
        return new ClientSources(List.of(parse(address)), List.of(), buckets);
    }

    /**
     * The client's own address plus the first addresses from the candidates that give every one
     * of {@code count} buckets at least {@code perBucket} addresses (any source port).
     */
    static ClientSources covering(BucketFunction buckets, int count, int perBucket) {
        Map<Integer, Integer> have = new TreeMap<>();
        List<InetAddress> all = new ArrayList<>();
        List<InetAddress> extra = new ArrayList<>();
        InetAddress own = parse(E2eLab.CLIENT_ADDRESS);
        all.add(own);
        have.merge(buckets.bucket(own, 0), 1, Integer::sum);
        for (int i = FIRST; i <= LAST && !covered(have, count, perBucket); i++) {
            InetAddress a = parse("198.51.100." + i);
            int b = buckets.bucket(a, 0);
            if (have.getOrDefault(b, 0) < perBucket) {
                have.merge(b, 1, Integer::sum);
                all.add(a);
                extra.add(a);
            }
        }
        if (!covered(have, count, perBucket)) {
            throw new IllegalStateException("198.51.100." + FIRST + "-" + LAST + " do not cover " + count
                    + " buckets " + perBucket + " times: " + have);
        }
        return new ClientSources(all, extra, buckets);
    }

    private static boolean covered(Map<Integer, Integer> have, int count, int perBucket) {
        for (int b = 1; b <= count; b++) {
            if (have.getOrDefault(b, 0) < perBucket) {
                return false;
            }
        }
        return true;
    }

    /** The addresses with their buckets, short. */
    String describe() {
        StringBuilder s = new StringBuilder();
        for (InetAddress a : addresses) {
            s.append(s.isEmpty() ? "" : " ").append(a.getHostAddress()).append("(b").append(buckets.bucket(a, 0)).append(')');
        }
        return s.toString();
    }

    private static InetAddress parse(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(a, e);
        }
    }
}
