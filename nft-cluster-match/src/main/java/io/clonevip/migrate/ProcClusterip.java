package io.clonevip.migrate;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A copy of {@code /proc/net/ipt_CLUSTERIP/<VIP>}: the file's name is the VIP, its content the
 * comma-separated local node numbers ("2", "1,2,3", or an empty line when the node serves none).
 *
 * @param vip        the VIP (the file name)
 * @param localNodes the local node numbers, ascending
 * @param source     the file (line 1)
 */
public record ProcClusterip(String vip, SortedSet<Integer> localNodes, SourceLine source) {
    public ProcClusterip {
        localNodes = Collections.unmodifiableSortedSet(new TreeSet<>(localNodes));
    }

    /**
     * @param file     the file as the user named it (for messages)
     * @param fileName the file's own name (the VIP)
     * @param content  the file content
     */
    public static ProcClusterip parse(String file, String fileName, String content) throws MigrationInputException {
        if (!Ipv4Address.isValid(fileName)) {
            throw new MigrationInputException(file, 0, "file name '" + fileName + "' is not an IPv4 address"
                    + " (a /proc/net/ipt_CLUSTERIP file is named after its VIP)");
        }
        String[] lines = content.split("\n", -1);
        int used = lines.length;
        while (used > 0 && lines[used - 1].isBlank()) used--;
        if (used > 1) throw new MigrationInputException(file, 2, "more than one line (want one line like 1,3)");
        SourceLine where = new SourceLine(file, 1);
        TreeSet<Integer> nodes = new TreeSet<>();
        String text = used == 0 ? "" : lines[0].strip();
        if (!text.isEmpty()) {
            for (String item : text.split(",", -1)) {
                String v = item.strip();
                if (v.isEmpty()) throw where.error("empty entry in '" + text + "' (want node numbers like 1,3)");
                int node = (int) ClusteripRuleParser.number("local node", v, 1, ClusteripRule.MAX_NODES, where);
                if (!nodes.add(node)) throw where.error("local node " + node + " listed twice");
            }
        }
        return new ProcClusterip(fileName, nodes, where);
    }
}
