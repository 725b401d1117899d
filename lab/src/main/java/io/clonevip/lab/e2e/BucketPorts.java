package io.clonevip.lab.e2e;

import java.net.InetAddress;

/**
 * Source ports for connections that must land in a given bucket: the next port of a range, in
 * turn, whose hash bucket (from {@code source} to the VIP's port 3306) is the one asked for; after the
 * range's last port it starts again at its first (the lab client closes abortively: no TIME_WAIT).
 */
final class BucketPorts {
    private final InetAddress source;
    private final BucketFunction buckets;
    private final int first;
    private final int last;
    private int next;

    BucketPorts(InetAddress source, BucketFunction buckets, int first, int last) {
        if (first > last) {
            throw new IllegalArgumentException("empty port range " + first + "-" + last);
        }
        this.source = source;
        this.buckets = buckets;
        this.first = first;
        this.last = last;
        this.next = first;
    }

    /** The next port of the range in {@code bucket}. */
    synchronized int next(int bucket) {
        for (int tried = 0; tried <= last - first; tried++) {
            int p = next;
            next = p >= last ? first : p + 1;
            if (buckets.bucket(source, p) == bucket) {
                return p;
            }
        }
        throw new IllegalStateException("no port in " + first + "-" + last + " hashes to bucket " + bucket);
    }
}
