package io.clonevip.cluster;

/**
 * What a bucket change ({@link ClusterIpTables#addBuckets}, {@code removeBuckets},
 * {@code setBuckets}, {@code changeBuckets}) did, from the one read its transaction used.
 *
 * @param spec   the VIP's spec as its ruleset records it
 * @param before this node's buckets the transaction was computed from
 * @param after  this node's buckets it left
 */
public record BucketChange(ClusterIpSpec spec, BucketSet before, BucketSet after) {}
