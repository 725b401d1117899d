package io.clonevip.lab.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which IPaddr3 actions of a lab run went through clonevip-agentd (docs/developer/e2e-lab.md, "The lab"). Read
 * from the daemons' {@code --verbose} logs ({@code <e2e dir>/agentd/node<N>.<boot>.log}: a
 * {@code served pid P IPaddr3 ACTION} line per action it ran, {@code refused} and {@code gave up}
 * lines for the requests that ran in a JVM of their own) and the nodes' {@code pacemaker.log}
 * (pacemaker-execd logs every start and stop with the agent's PID; monitors only at debug level).
 * A start or stop of the VIP clone whose PID no daemon of that node and boot served ran in a JVM
 * of its own. Both PIDs are of the node's PID namespace, which a crash replaces: the boots are
 * matched in order (execd's "Starting Pacemaker local executor" line, the lab's log number).
 * Monitors reach the daemon like every other action (they are in {@code served}); Pacemaker's
 * side of them is not counted, as execd does not log them at its default level.
 *
 * @param served       actions the daemons ran, per action name
 * @param refused      requests a daemon refused (the client ran the action in its own JVM)
 * @param gaveUp       requests whose client gave up waiting (5 s) before the daemon claimed them
 * @param startsStops  starts and stops of the VIP clone in Pacemaker's logs
 * @param notServed    those of them no daemon served ("node2, boot 1: p_cluster_vip:1 stop, PID 812")
 * @param execMillis   execd's execution time of each of those starts and stops (the agent's wall
 *                     time as Pacemaker sees it: a JVM start-up each, or the daemon's round trip)
 */
public record AgentdTally(Map<String, Integer> served, int refused, int gaveUp, int startsStops, List<String> notServed,
                          List<Long> execMillis) {

    private static final Pattern SERVED = Pattern.compile("^clonevip-agentd: served pid (\\d+) \\S+ (\\S+) rc=");
    private static final Pattern REFUSED = Pattern.compile("^clonevip-agentd: refused pid \\d+");
    private static final Pattern GAVE_UP = Pattern.compile("^clonevip-agentd: request of pid \\d+: the client gave up");
    private static final Pattern FINISHED = Pattern.compile(
            "pacemaker-execd.*\\(log_finished\\).*?: (\\S+) (start|stop) \\(call \\d+, PID (\\d+)\\)");
    /** Pacemaker's readable interval: "85ms", "1.234s", "1m2.5s", "1h2m3s". */
    private static final Pattern EXEC_TIME = Pattern.compile(
            "\\(execution time (?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:([\\d.]+)s)?(?:(\\d+)ms)?");
    private static final String EXECD_START = "Starting Pacemaker local executor";

    /** Reads the logs of nodes 1..{@code nodes}; the VIP clone's instances start with {@code resource}. */
    public static AgentdTally read(Path agentdDir, Path pcmkDir, int nodes, String resource) throws IOException {
        Map<String, Integer> served = new TreeMap<>();
        int refused = 0;
        int gaveUp = 0;
        int startsStops = 0;
        List<String> notServed = new ArrayList<>();
        List<Long> execMillis = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            List<Set<Long>> servedPids = new ArrayList<>();
            for (int boot = 1; Files.exists(agentdDir.resolve("node" + n + "." + boot + ".log")); boot++) {
                Set<Long> pids = new HashSet<>();
                for (String line : Files.readAllLines(agentdDir.resolve("node" + n + "." + boot + ".log"), StandardCharsets.UTF_8)) {
                    Matcher m = SERVED.matcher(line);
                    if (m.find()) {
                        pids.add(Long.parseLong(m.group(1)));
                        served.merge(m.group(2), 1, Integer::sum);
                    } else if (REFUSED.matcher(line).find()) {
                        refused++;
                    } else if (GAVE_UP.matcher(line).find()) {
                        gaveUp++;
                    }
                }
                servedPids.add(pids);
            }
            Path log = pcmkDir.resolve("node" + n + "/log/pacemaker/pacemaker.log");
            if (!Files.exists(log)) {
                continue;
            }
            int boot = 0;
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                if (line.contains(EXECD_START)) {
                    boot++;
                    continue;
                }
                Matcher m = FINISHED.matcher(line);
                if (!m.find() || !m.group(1).startsWith(resource)) {
                    continue;
                }
                startsStops++;
                millis(line).ifPresent(execMillis::add);
                long pid = Long.parseLong(m.group(3));
                if (boot < 1 || boot > servedPids.size() || !servedPids.get(boot - 1).contains(pid)) {
                    notServed.add("node" + n + ", boot " + boot + ": " + m.group(1) + " " + m.group(2) + ", PID " + pid);
                }
            }
        }
        return new AgentdTally(Map.copyOf(served), refused, gaveUp, startsStops, List.copyOf(notServed),
                List.copyOf(execMillis));
    }

    static Optional<Long> millis(String execdLine) {
        Matcher m = EXEC_TIME.matcher(execdLine);
        if (!m.find() || m.group(0).equals("(execution time ")) {
            return Optional.empty();
        }
        double ms = 0;
        if (m.group(1) != null) {
            ms += Long.parseLong(m.group(1)) * 3_600_000.0;
        }
        if (m.group(2) != null) {
            ms += Long.parseLong(m.group(2)) * 60_000.0;
        }
        if (m.group(3) != null) {
            ms += Double.parseDouble(m.group(3)) * 1000;
        }
        if (m.group(4) != null) {
            ms += Long.parseLong(m.group(4));
        }
        return Optional.of(Math.round(ms));
    }

    public int servedTotal() {
        return served.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line for the demo and the test's output (with or without agentd). */
    public String describe() {
        String exec = execMillis.isEmpty() ? "" : "; execd's execution time of those starts/stops: median "
                + ScenarioResult.median(execMillis) + " ms (" + execMillis.stream().mapToLong(Long::longValue).min().orElse(0)
                + "–" + execMillis.stream().mapToLong(Long::longValue).max().orElse(0) + ")";
        if (served.isEmpty() && refused == 0 && gaveUp == 0) {
            return "no clonevip-agentd action: Pacemaker's " + startsStops + " starts/stops of the VIP clone each ran in a JVM"
                    + exec;
        }
        return "clonevip-agentd served " + servedTotal() + " IPaddr3 actions " + new TreeMap<>(served)
                + "; of Pacemaker's " + startsStops + " starts/stops of the VIP clone " + (startsStops - notServed.size())
                + " went through agentd, " + notServed.size() + " ran in a JVM of their own" + (notServed.isEmpty() ? "" : " " + notServed)
                + "; refused " + refused + ", client gave up " + gaveUp
                + " (monitors: in the daemons' count only; execd logs them at debug level)" + exec;
    }
}
