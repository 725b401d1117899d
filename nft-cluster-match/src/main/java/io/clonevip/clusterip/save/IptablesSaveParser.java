package io.clonevip.clusterip.save;

import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.ClusterIpRule;
import io.clonevip.clusterip.SourceLine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an {@code iptables-save} (or {@code iptables-save -c}) output: {@code *table} sections with
 * {@code :CHAIN POLICY [packets:bytes]} declarations, {@code -A} rules and a closing {@code COMMIT};
 * {@code #} comments and blank lines. Keeps the CLUSTERIP rules, counts and ignores the others.
 * A table without COMMIT (a truncated copy) is an error, as are rules outside a table or in an
 * undeclared chain. One parser per file.
 */
public final class IptablesSaveParser {
    private static final Pattern COUNTERS = Pattern.compile("\\[\\d+:\\d+\\]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+:-]{1,32}");

    private final String file;
    private final List<String> tables = new ArrayList<>();
    private final List<IptablesSave.Saved> rules = new ArrayList<>();
    private final List<IptablesSave.Saved> refs = new ArrayList<>();
    private final Set<String> chains = new HashSet<>();
    private int others;
    private String table;
    private int tableLine;

    private IptablesSaveParser(String file) {
        this.file = file;
    }

    /**
     * @param file    the file name to put in error messages
     * @param content the whole output
     */
    public static IptablesSave parse(String file, String content) throws ClusterIpException {
        return new IptablesSaveParser(file).run(content);
    }

    private IptablesSave run(String content) throws ClusterIpException {
        String[] lines = content.split("\n", -1);
        int count = lines.length;
        if (count > 0 && lines[count - 1].isEmpty()) count--; // the final newline
        boolean cutMidLine = !content.isEmpty() && !content.endsWith("\n");
        for (int n = 1; n <= count; n++) {
            try {
                line(lines[n - 1], new SourceLine(file, n));
            } catch (ClusterIpException e) {
                if (n == count && cutMidLine) {
                    throw new SourceLine(file, n).error("the file ends in the middle of this line"
                            + " (no final newline, no COMMIT): it is truncated");
                }
                throw e;
            }
        }
        if (table != null) {
            throw new SourceLine(file, 0).error("ends inside table *" + table + " (started at line " + tableLine
                    + ") without COMMIT: the file is truncated");
        }
        if (tables.isEmpty()) throw new SourceLine(file, 0).error("no *table section: not an iptables-save output");
        return new IptablesSave(file, tables, rules, refs, others);
    }

    private void line(String raw, SourceLine where) throws ClusterIpException {
        String trimmed = raw.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) return;
        if (trimmed.startsWith("*")) {
            if (table != null) {
                throw where.error("table *" + trimmed.substring(1) + " starts before COMMIT of table *" + table
                        + " (line " + tableLine + ")");
            }
            table = trimmed.substring(1);
            if (!NAME.matcher(table).matches()) throw where.error("malformed table name '" + table + "'");
            tableLine = where.line();
            tables.add(table);
            chains.clear();
        } else if (trimmed.equals("COMMIT")) {
            if (table == null) throw where.error("COMMIT outside a table");
            table = null;
        } else if (trimmed.startsWith(":")) {
            if (table == null) throw where.error("chain declaration outside a table (no *table line before it)");
            chains.add(chainDeclaration(trimmed, where));
        } else {
            rule(trimmed, where);
        }
    }

    private void rule(String trimmed, SourceLine where) throws ClusterIpException {
        if (table == null) throw where.error("rule outside a table (no *table line before it)");
        List<String> words = IptablesSaveTokenizer.split(trimmed, where);
        if (!words.isEmpty() && words.get(0).startsWith("[")) {
            if (!COUNTERS.matcher(words.get(0)).matches()) {
                throw where.error("malformed counters '" + words.get(0) + "' (want [packets:bytes])");
            }
            words = words.subList(1, words.size());
        }
        if (words.size() < 2 || !(words.get(0).equals("-A") || words.get(0).equals("--append"))) {
            throw where.error("not an iptables-save line: '" + abbreviate(trimmed) + "'");
        }
        String chain = words.get(1);
        if (!chains.contains(chain)) {
            throw where.error("rule for chain " + chain + " which table *" + table + " does not declare");
        }
        Optional<ClusterIpRule> r = ClusterIpRuleParser.parse(words.subList(2, words.size()), where);
        if (r.isEmpty()) others++;
        else (r.get().target().createsConfig() ? rules : refs).add(new IptablesSave.Saved(r.get(), table, chain, where));
    }

    private static String chainDeclaration(String line, SourceLine where) throws ClusterIpException {
        String[] parts = line.substring(1).trim().split("[ \t]+");
        if (parts.length != 3 || !NAME.matcher(parts[0]).matches()) {
            throw where.error("malformed chain declaration '" + abbreviate(line) + "' (want :CHAIN POLICY [packets:bytes])");
        }
        if (!COUNTERS.matcher(parts[2]).matches()) {
            throw where.error("malformed counters '" + parts[2] + "' in chain declaration (want [packets:bytes])");
        }
        return parts[0];
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
