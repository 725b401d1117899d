package io.clonevip.clusterip.save;

import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.SourceLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one iptables-save line into words the way iptables-restore does: blanks separate words,
 * double quotes group (with {@code \"} and {@code \\} escapes inside). Single quotes are ordinary
 * characters, as for iptables-restore (iptables-save never prints them).
 */
final class IptablesSaveTokenizer {
    private IptablesSaveTokenizer() {}

    static List<String> split(String line, SourceLine where) throws ClusterIpException {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '"') {
                inWord = true;
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char q = line.charAt(i);
                    if (q == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        cur.append(line.charAt(i + 1));
                        i += 2;
                    } else if (q == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        cur.append(q);
                        i++;
                    }
                }
                if (!closed) throw where.error("unterminated double quote");
            } else {
                inWord = true;
                cur.append(c);
                i++;
            }
        }
        if (inWord) words.add(cur.toString());
        return words;
    }
}
