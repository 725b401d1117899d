package io.clonevip.lab.e2e;

/**
 * One look at the cluster during the load run: when (ms since the run's origin), the leg and step,
 * the VIP buckets node1..3 ran and their {@code load_headroom} values (-1: not set).
 */
record LoadSample(long atMillis, String phase, int[] buckets, int[] headroom) {

    /** One tab-separated line: at_ms phase b1 b2 b3 h1 h2 h3. */
    String tsv() {
        return atMillis + "\t" + phase + "\t" + buckets[0] + "\t" + buckets[1] + "\t" + buckets[2] + "\t" + headroom[0]
                + "\t" + headroom[1] + "\t" + headroom[2];
    }
}
