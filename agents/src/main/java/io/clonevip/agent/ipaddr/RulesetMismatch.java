package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterIpSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What differs between the cluster IP the parameters describe and the one the node's ruleset
 * runs, one item per field, parameters first: {@code "hash mode in parameters
 * sourceip-sourceport, running ruleset clusterip-compatible"}. The monitor's exit reason when a
 * bucket is local but the ruleset was made with other values (a migration whose CIB does not
 * carry the hash mode, seed or MAC that {@code netctl migrate --apply --keep-connections}
 * programmed; docs/migration.md).
 */
final class RulesetMismatch {
    private RulesetMismatch() {
    }

    /** Empty when the two are equal. */
    static List<String> between(ClusterIpSpec parameters, ClusterIpSpec running) {
        List<String> out = new ArrayList<>();
        item(out, "nic", parameters.nic(), running.nic());
        item(out, "buckets (clone-max)", parameters.buckets(), running.buckets());
        item(out, "hash mode", parameters.hashMode(), running.hashMode());
        item(out, "seed", seed(parameters.seed()), seed(running.seed()));
        item(out, "mac", parameters.clusterMac(), running.clusterMac());
        if (out.isEmpty() && !parameters.equals(running)) {
            out.add("ip in parameters " + parameters.vip().getHostAddress() + ", running ruleset "
                    + running.vip().getHostAddress());
        }
        return out;
    }

    private static void item(List<String> out, String what, Object parameters, Object running) {
        if (!parameters.equals(running)) {
            out.add(what + " in parameters " + parameters + ", running ruleset " + running);
        }
    }

    private static String seed(long seed) {
        return String.format("0x%08x", seed);
    }
}
