package io.clonevip.clusterip.save;

import io.clonevip.clusterip.ClusterIpRule;
import io.clonevip.clusterip.SourceLine;
import java.util.List;

/**
 * What an iptables-save output says about CLUSTERIP.
 *
 * @param file       the file as the user named it
 * @param tables     the tables found, in order
 * @param rules      the CLUSTERIP rules with {@code --new} (they carry the configuration)
 * @param references CLUSTERIP rules without {@code --new} (they share the configuration of a rule
 *                   with --new for the same VIP)
 * @param otherRules how many other rules were read (and ignored)
 */
public record IptablesSave(String file, List<String> tables, List<Saved> rules, List<Saved> references,
                           int otherRules) {
    public IptablesSave {
        tables = List.copyOf(tables);
        rules = List.copyOf(rules);
        references = List.copyOf(references);
    }

    /**
     * One CLUSTERIP rule and its place: iptables-save prints only the first local node, so
     * {@code rule.target().localNodes()} holds that one (none for a rule without {@code --new}).
     *
     * @param table  the table the rule is in (filter, mangle...)
     * @param chain  the chain the rule is appended to
     * @param source file and line of the rule
     */
    public record Saved(ClusterIpRule rule, String table, String chain, SourceLine source) {}
}
