package io.clonevip.ocf.agentd;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code clonevip-agentd [--run-dir DIR] [--lib-dir DIR] [--allow CLASS]... [--verbose]}.
 * Defaults: {@code /run/clonevip/agentd}, {@code /usr/lib/clonevip}, IPaddr3 only.
 */
record DaemonOptions(Path runDir, Path libDir, Set<String> allowed, boolean verbose) {
    static final String IPADDR3 = "io.clonevip.agent.ipaddr.IPaddr3";
    static final String USAGE = "usage: clonevip-agentd [--run-dir DIR] [--lib-dir DIR] [--allow AGENT_CLASS]... [--verbose]";

    static DaemonOptions parse(String[] args) {
        Path runDir = Path.of("/run/clonevip/agentd");
        Path libDir = Path.of("/usr/lib/clonevip");
        Set<String> allowed = new LinkedHashSet<>();
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--verbose" -> verbose = true;
                case "--run-dir", "--lib-dir", "--allow" -> {
                    if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                        throw new DaemonException(a + " needs a value\n" + USAGE, 2);
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--run-dir" -> runDir = Path.of(v).toAbsolutePath();
                        case "--lib-dir" -> libDir = Path.of(v).toAbsolutePath();
                        default -> allowed.add(v); // of mysql_monitor only what ResidentPolicy serves
                    }
                }
                default -> throw new DaemonException("unknown argument '" + a + "'\n" + USAGE, 2);
            }
        }
        if (allowed.isEmpty()) {
            allowed.add(IPADDR3);
        }
        if (runDir.getParent() == null) {
            throw new DaemonException("--run-dir must not be /", 2);
        }
        return new DaemonOptions(runDir, libDir, Set.copyOf(allowed), verbose);
    }
}
