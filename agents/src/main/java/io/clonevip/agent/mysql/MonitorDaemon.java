package io.clonevip.agent.mysql;

import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.pacemaker.NodeAttributes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The resident mysql_monitor process, one per resource instance, launched detached by
 * {@link MysqlMonitorAgent}'s start action with the action's OCF environment (the password, if
 * any, only there). Parameters come through the OCF framework ({@link MysqlMonitorConfig#from});
 * the heartbeat goes to the {@code state} file, the PID to {@code <state>.pid}, which it holds
 * locked ({@code fcntl}) while it lives: a second daemon for the same state file exits 1 at once.
 * On SIGTERM it
 * sets both attributes to 0, removes both files and exits 0. Exit 6/4/5 when a parameter is
 * wrong (an {@code ocf-exit-reason:} line on stderr).
 */
public final class MonitorDaemon {
    private MonitorDaemon() {
    }

    public static void main(String[] args) {
        // Before any logger exists: one line per event on stderr, with time.
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        // The driver logs every refused connection attempt; our own line per state change suffices.
        System.setProperty("org.slf4j.simpleLogger.log.org.mariadb.jdbc", "error");
        System.exit(run(System.getenv()));
    }

    /** Everything but the exit: returns the process exit code. */
    static int run(Map<String, String> env) {
        MysqlMonitorConfig config;
        try {
            config = MysqlMonitorConfig.from(OcfEnv.of(env, OcfAction.START, MysqlMonitorMetaData.META));
        } catch (OcfException e) {
            System.err.println("ocf-exit-reason:" + e.reason());
            return e.code().code();
        }
        Path pidFile = pidFile(config.stateFile());
        FileChannel pid;
        try {
            Files.createDirectories(config.stateFile().toAbsolutePath().getParent());
            pid = FileChannel.open(pidFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = pid.tryLock();
            if (lock == null) {
                pid.close();
                System.err.println("ocf-exit-reason:another mysql_monitor daemon runs for " + config.stateFile()
                        + " (it holds the lock on " + pidFile + ")");
                return OcfExitCode.ERR_GENERIC.code();
            }
            pid.truncate(0);
            pid.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            System.err.println("ocf-exit-reason:state: cannot write " + pidFile + " (" + e.getClass().getSimpleName() + ")");
            return OcfExitCode.ERR_PERM.code();
        }
        StatusFile status = new StatusFile(config.stateFile(), config.staleAfterSeconds(), config.readerAttribute(),
                config.writerAttribute());
        // attrd_updater gets ChildEnvironment's variables only: not this process's OCF_RESKEY_password
        MonitorLoop loop = MonitorLoop.create(config, NodeAttributes.local(env), status);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.stop();
            try {
                // a check in progress ends within connect + 2 queries (first query after connect)
                loop.awaitFinished(config.connectTimeout().plus(config.queryTimeout().multipliedBy(2)).plusSeconds(1));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            loop.shutdown();
            try {
                status.delete();
                Files.deleteIfExists(pidFile);
                pid.close(); // the lock goes with it (held until here: the hook keeps the channel reachable)
            } catch (IOException ignored) {
                // nothing left to tell anyone
            }
        }, "mysql_monitor-stop"));
        loop.run();
        return 0;
    }

    static Path pidFile(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".pid");
    }
}
