package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.rtnl.IpLiteral;
import java.util.ArrayList;
import java.util.List;

/**
 * What differs between the cluster IP the parameters describe and the one the node's ruleset
 * runs, as the monitor's exit reason: {@code "hash mode in parameters sourceip-sourceport,
 * running ruleset clusterip-compatible"}, several fields joined by {@code " / "} ({@code "hash
 * mode / seed in parameters sourceip-sourceport / 0x3b1f0a2c, running ruleset
 * clusterip-compatible / 0x00000000"}), short enough for Pacemaker's 128-character exit reason
 * in the usual cases. The case it is made for: a migration whose CIB does not carry the hash
 * mode, seed or MAC that {@code netctl migrate --apply --keep-connections} programmed
 * (docs/user/migration.md).
 */
final class RulesetMismatch {
    private RulesetMismatch() {
    }

    /** Empty when the two are equal. */
    static String between(ClusterIpSpec parameters, ClusterIpSpec running) {
        List<String> fields = new ArrayList<>();
        List<String> inParameters = new ArrayList<>();
        List<String> inRuleset = new ArrayList<>();
        compare("ip", IpLiteral.format(parameters.vip()), IpLiteral.format(running.vip()), fields, inParameters, inRuleset);
        compare("nic", parameters.nic(), running.nic(), fields, inParameters, inRuleset);
        compare("buckets", Integer.toString(parameters.buckets()), Integer.toString(running.buckets()), fields, inParameters,
                inRuleset);
        compare("hash mode", parameters.hashMode().keyword(), running.hashMode().keyword(), fields, inParameters, inRuleset);
        compare("seed", seed(parameters.seed()), seed(running.seed()), fields, inParameters, inRuleset);
        compare("mac", parameters.clusterMac().toString(), running.clusterMac().toString(), fields, inParameters, inRuleset);
        if (fields.isEmpty()) return "";
        return String.join(" / ", fields) + " in parameters " + String.join(" / ", inParameters) + ", running ruleset "
                + String.join(" / ", inRuleset);
    }

    private static void compare(String field, String parameters, String running, List<String> fields,
                                List<String> inParameters, List<String> inRuleset) {
        if (!parameters.equals(running)) {
            fields.add(field);
            inParameters.add(parameters);
            inRuleset.add(running);
        }
    }

    private static String seed(long seed) {
        return String.format("0x%08x", seed);
    }
}
