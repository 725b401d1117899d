package io.clonevip.migrate;

import java.util.Objects;

/**
 * One iptables CLUSTERIP rule ({@code -d VIP/32 -i NIC -j CLUSTERIP --new ...}) as found in an
 * iptables-save output.
 *
 * @param vip         the cluster IPv4 address, dotted quad
 * @param inInterface the {@code -i} interface, or null when the rule has none
 * @param hashMode    {@code --hashmode}
 * @param clusterMac  {@code --clustermac}, lower case, colon separated (always multicast)
 * @param totalNodes  {@code --total-nodes}, 1..16
 * @param localNode   {@code --local-node}, 1..totalNodes (iptables-save prints only the first local node)
 * @param hashInit    {@code --hash-init}, an unsigned 32-bit value
 * @param table       the table the rule is in (filter, mangle...)
 * @param chain       the chain the rule is appended to
 * @param source      file and line of the rule
 */
public record ClusteripRule(String vip, String inInterface, ClusteripHashMode hashMode, String clusterMac,
                            int totalNodes, int localNode, long hashInit, String table, String chain,
                            SourceLine source) {
    /** CLUSTERIP's limit (CLUSTERIP_MAX_NODES in the kernel). */
    public static final int MAX_NODES = 16;

    public ClusteripRule {
        Objects.requireNonNull(vip);
        Objects.requireNonNull(hashMode);
        Objects.requireNonNull(clusterMac);
        Objects.requireNonNull(source);
    }

    /**
     * What must agree between two rules for the same VIP (all but the local node and the place).
     * Returns a description of the first difference, or null when they agree.
     */
    public String disagreement(ClusteripRule other) {
        if (totalNodes != other.totalNodes) return "--total-nodes " + totalNodes + " vs " + other.totalNodes;
        if (!clusterMac.equals(other.clusterMac)) return "--clustermac " + clusterMac + " vs " + other.clusterMac;
        if (hashMode != other.hashMode) {
            return "--hashmode " + hashMode.iptablesName() + " vs " + other.hashMode.iptablesName();
        }
        if (hashInit != other.hashInit) return "--hash-init " + hashInit + " vs " + other.hashInit;
        if (!Objects.equals(inInterface, other.inInterface)) {
            return "-i " + (inInterface == null ? "(none)" : inInterface) + " vs "
                    + (other.inInterface == null ? "(none)" : other.inInterface);
        }
        return null;
    }
}
