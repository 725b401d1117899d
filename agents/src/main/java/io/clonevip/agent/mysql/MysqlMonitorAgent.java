package io.clonevip.agent.mysql;

import io.clonevip.agent.mysql.MysqlMonitorConfig.AttributeNames;
import io.clonevip.ocf.AgentMetaData;
import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfAgent;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.pacemaker.NodeAttributeException;
import io.clonevip.pacemaker.NodeAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * mysql_monitor on the OCF framework: parameters through {@link OcfEnv} (meta-data in
 * {@link MysqlMonitorMetaData}), every action in Java. The checks themselves run in the resident
 * {@link MonitorDaemon}, one process per instance that {@code start} launches detached; monitor
 * and stop look at it from outside (pid file, {@code /proc}, heartbeat) and never connect to the
 * server. Node attributes are read and written only through {@link NodeAttributes}. See
 * docs/user/mysql-monitor.md for where the check loop lives and what its death does.
 *
 * <ul>
 *   <li>start: a live daemon with a fresh heartbeat is success; a live one whose heartbeat is
 *       stale (hung, SIGSTOPped) is ended first: one daemon per instance. Refuses (6) a state
 *       directory that is not root's alone. Success once the new daemon's first check is written.</li>
 *   <li>stop: ends the daemon (its shutdown hook sets both attributes to 0), then sets both to 0
 *       itself and removes the daemon's files, each only in the form the daemon writes. Never
 *       fails because of the parameters ({@link #stopUnconfigured}).</li>
 *   <li>monitor: 0 = daemon alive and heartbeat fresh, 7 = not running (a pid file without its
 *       daemon: both attributes set to 0 first), 1 = heartbeat stale; OCF_CHECK_LEVEL=10 also
 *       audits attrd's values ({@link AttributeAudit}).</li>
 * </ul>
 */
public final class MysqlMonitorAgent implements OcfAgent {
    static final String NAME = "mysql_monitor";
    private static final long DEFAULT_TIMEOUT_MS = 20_000;
    private static final long POLL_MS = 100;

    @Override
    public AgentMetaData metaData() {
        return MysqlMonitorMetaData.META;
    }

    /**
     * start and validate-all check every parameter (the daemon's own checks, the credentials
     * file included); monitor and stop only what identifies the instance (state path, attribute
     * names): they look at what start left, and a credentials file that became unreadable must
     * not keep them from reporting or ending a daemon.
     */
    @Override
    public void validateAll(OcfEnv env) {
        MonitorFiles.of(env);
        MysqlMonitorConfig.attributeNames(env);
        if (env.action() == OcfAction.START || env.action() == OcfAction.VALIDATE_ALL) {
            MysqlMonitorConfig.from(env);
        }
    }

    @Override
    public void start(OcfEnv env) {
        Duration budget = actionTime(env);
        long t0 = System.currentTimeMillis() / 1000;
        MonitorFiles files = MonitorFiles.of(env);
        Optional<Long> running = DaemonProcess.running(files);
        if (running.isPresent()) {
            Optional<String> why = staleness(files);
            if (why.isEmpty()) {
                return;
            }
            env.log().warn("start: daemon " + running.get() + " is alive but unhealthy (" + why.get()
                    + "); ending it before starting a new one");
            if (!end(running.get(), budget.dividedBy(2))) {
                throw OcfException.generic("the unhealthy mysql_monitor daemon " + running.get() + " does not end");
            }
        }
        checkDirectory(files);
        try {
            files.removeLeftovers();
            awaitFirstCheck(DaemonProcess.launch(env.variables(), files), files, t0, budget);
        } catch (IOException e) {
            throw OcfException.generic("cannot start the mysql_monitor daemon: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OcfException.generic("start interrupted");
        }
    }

    /** The state file's directory: created when missing, refused unless root's alone. */
    private static void checkDirectory(MonitorFiles files) {
        Path dir = files.state().getParent();
        Optional<String> unfit;
        try {
            Files.createDirectories(dir);
            unfit = files.unfitDirectory();
        } catch (IOException e) {
            throw OcfException.perm("cannot create " + dir + " (" + e.getClass().getSimpleName() + ")");
        }
        if (unfit.isPresent()) {
            throw OcfException.configured("state: directory " + dir + " is not root's alone (" + unfit.get()
                    + "): the daemon's log, pid and request files beside the state file could be planted there; give a"
                    + " state path in a directory only root can write");
        }
    }

    /** Success once {@code daemon} has written a check made at {@code t0} or later. */
    private static void awaitFirstCheck(Process daemon, MonitorFiles files, long t0, Duration budget)
            throws InterruptedException {
        long deadline = t0 * 1000 + budget.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (!daemon.isAlive()) {
                int rc = daemon.exitValue();
                String reason = "the mysql_monitor daemon exited with status " + rc + " before its first check, see "
                        + files.log();
                throw switch (rc) {
                    case 2, 4, 5, 6 -> new OcfException(OcfExitCode.valueOf(rc), reason);
                    default -> OcfException.generic(reason);
                };
            }
            if (Heartbeat.read(files.state()).flatMap(h -> h.checkedAt().stream().boxed().findFirst())
                    .filter(at -> at >= t0).isPresent()) {
                return;
            }
            Thread.sleep(POLL_MS); // the first check: a file written by another process
        }
        daemon.destroyForcibly();
        throw OcfException.generic("mysql_monitor daemon wrote no first check within " + budget.toSeconds() + "s");
    }

    @Override
    public void stop(OcfEnv env) {
        Duration budget = stopTime(env);
        MonitorFiles files = MonitorFiles.of(env);
        Optional<Long> running = DaemonProcess.running(files);
        Duration grace = Duration.ofSeconds(Math.max(1, budget.toSeconds() - 2));
        if (running.isPresent() && !end(running.get(), grace)) {
            throw OcfException.generic("mysql_monitor daemon " + running.get() + " does not stop");
        }
        zero(env, MysqlMonitorConfig.attributeNames(env));
        removeLeftovers(env, files);
    }

    /**
     * Stop with parameters that do not validate: start refused them, but a daemon of an earlier
     * configuration may run at the state path, and attributes under names the daemon accepts may
     * have been written. Ends that daemon, sets those names to 0, removes only its files.
     */
    @Override
    public void stopUnconfigured(OcfEnv env, OcfException why) {
        String reader = env.optional("reader_attribute").map(String::strip).orElse("");
        String writer = env.optional("writer_attribute").map(String::strip).orElse("");
        MonitorFiles files;
        try {
            files = MonitorFiles.of(env);
        } catch (OcfException relative) {
            files = null; // the daemon refuses a relative state path: nothing of it is ours
        }
        if (files != null) {
            DaemonProcess.running(files).ifPresent(pid -> {
                if (!end(pid, Duration.ofSeconds(5))) {
                    throw OcfException.generic("mysql_monitor daemon " + pid + " does not stop");
                }
            });
        }
        zero(env, new AttributeNames(reader, writer));
        if (files != null) {
            removeLeftovers(env, files);
        }
    }

    @Override
    public OcfExitCode monitor(OcfEnv env) {
        Duration budget = actionTime(env);
        MonitorFiles files = MonitorFiles.of(env);
        Optional<Long> running = DaemonProcess.running(files);
        if (running.isEmpty()) {
            // a pid file without its daemon: it died without its shutdown hook (SIGKILL, OOM
            // killer, JVM crash) and left its attributes as they were. A clean node writes nothing.
            if (Files.exists(files.pid())) {
                zero(env, MysqlMonitorConfig.attributeNames(env));
            }
            return OcfExitCode.NOT_RUNNING;
        }
        Heartbeat hb = Heartbeat.read(files.state()).orElse(new Heartbeat(Map.of()));
        Optional<String> why = hb.staleness(System.currentTimeMillis() / 1000, files.state());
        if (why.isPresent()) {
            throw OcfException.generic(why.get());
        }
        if (env.checkLevel(0, MysqlMonitorMetaData.MONITOR_DEEP) < MysqlMonitorMetaData.MONITOR_DEEP) {
            return OcfExitCode.SUCCESS;
        }
        long bound = hb.count("stale_after").orElse(budget.toSeconds());
        Duration limit = Duration.ofSeconds(Math.min(budget.toSeconds(), bound));
        try {
            return new AttributeAudit(NodeAttributes.local(env.variables()), files, running.get(), env.log())
                    .audit(hb, limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OcfException.generic("monitor interrupted");
        }
    }

    /** Why the instance's heartbeat is not fresh; empty when it is. */
    private static Optional<String> staleness(MonitorFiles files) {
        return Heartbeat.read(files.state()).map(h -> h.staleness(System.currentTimeMillis() / 1000, files.state()))
                .orElse(Optional.of("no heartbeat in " + files.state() + " yet"));
    }

    /**
     * The action's time: CRM_meta_timeout (default 20 s) minus a 2 s margin, at least 2 s. A
     * timeout that is no number fails start and monitor (ERR_CONFIGURED, from the framework).
     */
    static Duration actionTime(OcfEnv env) {
        long ms = env.timeoutMillis().orElse(DEFAULT_TIMEOUT_MS);
        return Duration.ofSeconds(Math.max(2, ms / 1000 - 2));
    }

    /** {@link #actionTime} for stop, which never fails over it: the default, with a warning. */
    private static Duration stopTime(OcfEnv env) {
        try {
            return actionTime(env);
        } catch (OcfException e) {
            env.log().warn(e.getMessage() + "; stopping within the default timeout (20 s)");
            return Duration.ofMillis(DEFAULT_TIMEOUT_MS).minusSeconds(2);
        }
    }

    private static boolean end(long pid, Duration grace) {
        try {
            return DaemonProcess.end(pid, grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sets both attributes to 0 at once where the daemon could not or may not have: its shutdown
     * hook did not run (SIGKILL, OOM killer, JVM crash) or did not reach attrd. Names the daemon
     * would refuse are skipped (it cannot have written them); a failed write is logged, not fatal.
     */
    private static void zero(OcfEnv env, AttributeNames names) {
        NodeAttributes attrd = NodeAttributes.local(env.variables());
        for (String name : new String[] {names.reader(), names.writer()}) {
            if (!MysqlMonitorConfig.usableAttributeName(name)) {
                continue;
            }
            try {
                attrd.set(name, "0");
            } catch (NodeAttributeException e) {
                env.log().warn("cannot set " + name + " to 0: " + e.getMessage());
            }
        }
    }

    private static void removeLeftovers(OcfEnv env, MonitorFiles files) {
        try {
            files.removeLeftovers();
        } catch (IOException e) {
            env.log().warn("cannot remove the daemon's files beside " + files.state() + ": " + e.getMessage());
        }
    }
}
