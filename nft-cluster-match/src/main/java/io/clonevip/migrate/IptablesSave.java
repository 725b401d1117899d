package io.clonevip.migrate;

import java.util.List;

/**
 * What an iptables-save output says about CLUSTERIP.
 *
 * @param file       the file as the user named it
 * @param tables     the tables found, in order
 * @param rules      the CLUSTERIP rules with {@code --new} (they carry the configuration)
 * @param references CLUSTERIP rules without {@code --new} (they share the configuration of a rule
 *                   with --new for the same VIP); each is the VIP and its place
 * @param otherRules how many other rules were read (and ignored)
 */
public record IptablesSave(String file, List<String> tables, List<ClusteripRule> rules,
                           List<Reference> references, int otherRules) {
    public IptablesSave {
        tables = List.copyOf(tables);
        rules = List.copyOf(rules);
        references = List.copyOf(references);
    }

    /** A {@code -j CLUSTERIP} rule without {@code --new}. */
    public record Reference(String vip, String inInterface, SourceLine source) {}
}
