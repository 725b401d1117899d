package io.clonevip.ocf.agentd;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One request line of the entry script: {@code <client pid> <build id> <agent class> <action>}.
 * Nothing else travels in it: the environment is read from {@code /proc/<pid>/environ}.
 */
record Request(long pid, String build, String agentClass, String action) {
    /** Longest line accepted; the client writes far less (one atomic pipe write). */
    static final int MAX_LINE = 1024;
    private static final Pattern LINE = Pattern.compile(
            "([1-9][0-9]{0,9}) ([0-9a-f]{1,64}) ([A-Za-z_$][A-Za-z0-9_$.]{0,200}) ([a-z][a-z_-]{0,30})");

    static Optional<Request> parse(String line) {
        var m = LINE.matcher(line);
        if (line.length() > MAX_LINE || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Request(Long.parseLong(m.group(1)), m.group(2), m.group(3), m.group(4)));
    }
}
