package io.clonevip.migrate;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the words of one {@code -A CHAIN ...} line: finds whether it jumps to CLUSTERIP and, if so,
 * its destination, in-interface and target options, checked the way iptables and the kernel check them.
 */
final class ClusteripRuleParser {
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

    private ClusteripRuleParser() {}

    /** A parsed CLUSTERIP line: exactly one of rule / reference is non-null; both null = not CLUSTERIP. */
    record Result(ClusteripRule rule, IptablesSave.Reference reference) {
        static final Result NOT_CLUSTERIP = new Result(null, null);
    }

    /** {@code words} starts after "-A CHAIN". */
    static Result parse(List<String> words, String table, String chain, SourceLine where)
            throws MigrationInputException {
        int jump = -1;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("-j") || w.equals("--jump")) && i + 1 < words.size()) {
                jump = i;
                break;
            }
        }
        if (jump < 0 || !words.get(jump + 1).equals("CLUSTERIP")) return Result.NOT_CLUSTERIP;

        String vip = null;
        String nic = null;
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
            return new Result(null, new IptablesSave.Reference(vip, nic, where));
        }
        return new Result(targetOptions(opts, vip, nic, table, chain, where), null);
    }

    private static ClusteripRule targetOptions(List<String> opts, String vip, String nic, String table,
                                               String chain, SourceLine where) throws MigrationInputException {
        ClusteripHashMode mode = null;
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
                    mode = ClusteripHashMode.ofIptablesName(v);
                    if (mode == null) {
                        throw where.error("unknown --hashmode '" + v
                                + "' (sourceip, sourceip-sourceport or sourceip-sourceport-destport)");
                    }
                }
                case "--clustermac" -> mac = mac(value(opts, i++, opts.size(), where), where);
                case "--total-nodes" -> total = (int) number("--total-nodes", value(opts, i++, opts.size(), where), 1,
                        ClusteripRule.MAX_NODES, where);
                case "--local-node" -> local = (int) number("--local-node", value(opts, i++, opts.size(), where), 0,
                        Integer.MAX_VALUE, where);
                case "--hash-init" -> hashInit = number("--hash-init", value(opts, i++, opts.size(), where), 0,
                        0xFFFF_FFFFL, where);
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
        return new ClusteripRule(vip, nic, mode, mac, total, local, hashInit, table, chain, where);
    }

    private static String value(List<String> words, int i, int end, SourceLine where) throws MigrationInputException {
        if (i + 1 >= end) throw where.error("option " + words.get(i) + " without a value");
        return words.get(i + 1);
    }

    private static String destination(String v, SourceLine where) throws MigrationInputException {
        String addr = v;
        int slash = v.indexOf('/');
        if (slash >= 0) {
            addr = v.substring(0, slash);
            String mask = v.substring(slash + 1);
            if (!mask.equals("32") && !mask.equals("255.255.255.255")) {
                throw where.error("CLUSTERIP destination " + v + " is not a single address (/32)");
            }
        }
        if (!Ipv4Address.isValid(addr)) throw where.error("malformed destination address '" + v + "'");
        return addr;
    }

    private static String mac(String v, SourceLine where) throws MigrationInputException {
        if (!MAC.matcher(v).matches()) throw where.error("malformed --clustermac '" + v + "' (want xx:xx:xx:xx:xx:xx)");
        int first = Integer.parseInt(v.substring(0, 2), 16);
        if ((first & 1) == 0) {
            throw where.error("--clustermac " + v + " is not a multicast MAC (the lowest bit of the first octet"
                    + " must be 1, e.g. 01:00:5E:...)");
        }
        return v.toLowerCase(Locale.ROOT);
    }

    /** A decimal (or 0x-hex) number within [min, max]. */
    static long number(String what, String v, long min, long max, SourceLine where) throws MigrationInputException {
        long n;
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                if (v.length() == 2 || v.length() > 10) throw new NumberFormatException();
                n = Long.parseLong(v.substring(2), 16);
            } else {
                if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new NumberFormatException();
                }
                n = Long.parseLong(v);
            }
        } catch (NumberFormatException e) {
            throw where.error("malformed number '" + v + "' for " + what);
        }
        if (n < min || n > max) throw where.error(what + " " + v + " is outside " + min + ".." + max);
        return n;
    }
}
