package io.clonevip.clusterip.save;

import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.ClusterIpHashMode;
import io.clonevip.clusterip.ClusterIpParams;
import io.clonevip.clusterip.ClusterIpRule;
import io.clonevip.clusterip.ClusterIpTarget;
import io.clonevip.clusterip.SourceLine;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the words of one {@code -A CHAIN ...} line: finds whether it jumps to CLUSTERIP and, if so,
 * its destination, in-interface and target options, checked the way iptables and the kernel check them.
 */
final class ClusterIpRuleParser {
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
    /** The target of a rule without {@code --new}: it refers to the config another rule created and says nothing about it. */
    private static final ClusterIpTarget REFERENCE = new ClusterIpTarget(false, null, "00:00:00:00:00:00", 0, List.of(), 0);

    private ClusterIpRuleParser() {}

    /** The rule, if the line jumps to CLUSTERIP; {@code words} starts after "-A CHAIN". */
    static Optional<ClusterIpRule> parse(List<String> words, SourceLine where) throws ClusterIpException {
        int jump = -1;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("-j") || w.equals("--jump")) && i + 1 < words.size()) {
                jump = i;
                break;
            }
        }
        if (jump < 0 || !words.get(jump + 1).equals(ClusterIpTarget.NAME)) return Optional.empty();

        Inet4Address vip = null;
        String nic = "";
        for (int i = 0; i < jump; i++) {
            String w = words.get(i);
            boolean negated = w.equals("!");
            if (negated) {
                if (i + 1 >= jump) break;
                w = words.get(++i);
            }
            if (w.equals("-d") || w.equals("--destination") || w.equals("--dst")) {
                if (negated) throw where.error("CLUSTERIP rule with a negated destination (! -d) is not a cluster IP");
                vip = destination(value(words, i, jump, where), where);
                i++;
            } else if (w.equals("-i") || w.equals("--in-interface")) {
                if (negated) throw where.error("CLUSTERIP rule with a negated in-interface (! -i) is not supported");
                nic = value(words, i, jump, where);
                i++;
            }
        }
        if (vip == null) throw where.error("CLUSTERIP rule without a destination address (-d VIP/32)");

        List<String> opts = words.subList(jump + 2, words.size());
        if (!opts.contains("--new")) {
            if (!opts.isEmpty()) {
                throw where.error("CLUSTERIP options " + String.join(" ", opts) + " without --new");
            }
            return Optional.of(new ClusterIpRule(vip, nic, REFERENCE));
        }
        return Optional.of(new ClusterIpRule(vip, nic, targetOptions(opts, where)));
    }

    private static ClusterIpTarget targetOptions(List<String> opts, SourceLine where) throws ClusterIpException {
        ClusterIpHashMode mode = null;
        String mac = null;
        Integer total = null;
        Integer local = null;
        long hashInit = 0;
        for (int i = 0; i < opts.size(); i++) {
            String o = opts.get(i);
            switch (o) {
                case "--new" -> { }
                case "--hashmode" -> {
                    String v = value(opts, i++, opts.size(), where);
                    mode = ClusterIpHashMode.byIptablesName(v).orElseThrow(() -> where.error("unknown --hashmode '" + v
                            + "' (sourceip, sourceip-sourceport or sourceip-sourceport-destport)"));
                }
                case "--clustermac" -> mac = mac(value(opts, i++, opts.size(), where), where);
                case "--total-nodes" -> total = (int) where.number("--total-nodes", value(opts, i++, opts.size(), where), 1,
                        ClusterIpTarget.MAX_NODES);
                case "--local-node" -> local = (int) where.number("--local-node", value(opts, i++, opts.size(), where), 0,
                        Integer.MAX_VALUE);
                case "--hash-init" -> hashInit = where.number("--hash-init", value(opts, i++, opts.size(), where), 0,
                        0xFFFF_FFFFL);
                default -> throw where.error("unknown CLUSTERIP option '" + o + "'");
            }
        }
        if (mode == null) throw where.error("CLUSTERIP --new without --hashmode");
        if (mac == null) throw where.error("CLUSTERIP --new without --clustermac");
        if (total == null) throw where.error("CLUSTERIP --new without --total-nodes");
        if (local == null) throw where.error("CLUSTERIP --new without --local-node");
        if (local < 1 || local > total) {
            throw where.error("--local-node " + local + " is outside 1.." + total + " (--total-nodes " + total + ")");
        }
        return new ClusterIpTarget(true, mode, mac, total, List.of(local), hashInit);
    }

    private static String value(List<String> words, int i, int end, SourceLine where) throws ClusterIpException {
        if (i + 1 >= end) throw where.error("option " + words.get(i) + " without a value");
        return words.get(i + 1);
    }

    private static Inet4Address destination(String v, SourceLine where) throws ClusterIpException {
        String addr = v;
        int slash = v.indexOf('/');
        if (slash >= 0) {
            addr = v.substring(0, slash);
            String mask = v.substring(slash + 1);
            if (!mask.equals("32") && !mask.equals("255.255.255.255")) {
                throw where.error("CLUSTERIP destination " + v + " is not a single address (/32)");
            }
        }
        if (!ClusterIpParams.isIpv4(addr)) throw where.error("malformed destination address '" + v + "'");
        return (Inet4Address) InetAddress.ofLiteral(addr);
    }

    private static String mac(String v, SourceLine where) throws ClusterIpException {
        if (!MAC.matcher(v).matches()) throw where.error("malformed --clustermac '" + v + "' (want xx:xx:xx:xx:xx:xx)");
        int first = Integer.parseInt(v.substring(0, 2), 16);
        if ((first & 1) == 0) {
            throw where.error("--clustermac " + v + " is not a multicast MAC (the lowest bit of the first octet"
                    + " must be 1, e.g. 01:00:5E:...)");
        }
        return v.toUpperCase(Locale.ROOT);
    }
}
