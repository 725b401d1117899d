package io.clonevip.agent.mysql;

import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.ocf.OcfLog;
import io.clonevip.pacemaker.NodeAttributeException;
import io.clonevip.pacemaker.NodeAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/**
 * The OCF_CHECK_LEVEL=10 part of monitor, after level 0 passed: does attrd hold the values the
 * daemon decided and wrote (its heartbeat records both)? A difference is first read again (the
 * daemon may have written in between), then repaired by the daemon itself, the only writer (no
 * race with its own next write): the request file {@code <state>.republish} makes its next check
 * write both attributes again. Success when that repairs it (a warning in the log), else
 * ERR_GENERIC so that Pacemaker restarts the instance. Reads attrd through {@link NodeAttributes};
 * never writes an attribute itself.
 */
final class AttributeAudit {
    private static final long POLL_MS = 100;

    private final NodeAttributes attrd;
    private final MonitorFiles files;
    private final long daemonPid;
    private final OcfLog log;

    AttributeAudit(NodeAttributes attrd, MonitorFiles files, long daemonPid, OcfLog log) {
        this.attrd = attrd;
        this.files = files;
        this.daemonPid = daemonPid;
        this.log = log;
    }

    /** Audits {@code heartbeat} (fresh, of daemon {@code daemonPid}); waits at most {@code limit} for a repair. */
    OcfExitCode audit(Heartbeat heartbeat, Duration limit) throws InterruptedException {
        if (!heartbeat.hasAttributeRecord()) {
            log.info("the daemon's heartbeat has no attribute record (older daemon): level 0 only");
            return OcfExitCode.SUCCESS;
        }
        String first = verdict(heartbeat);
        if (first.isEmpty()) {
            return OcfExitCode.SUCCESS;
        }
        Heartbeat again = Heartbeat.read(files.state()).orElse(heartbeat);
        if (!again.count("checks").equals(heartbeat.count("checks"))) {
            first = verdict(again);
            if (first.isEmpty()) {
                return OcfExitCode.SUCCESS;
            }
        }
        long served = again.count("republished").orElse(0);
        try {
            Files.write(files.republish(), new byte[0]);
        } catch (IOException e) {
            throw OcfException.generic("attributes differ:" + first + " cannot write " + files.republish());
        }
        Optional<Heartbeat> after = awaitRepublished(served, limit);
        if (after.isEmpty()) {
            try {
                Files.deleteIfExists(files.republish());
            } catch (IOException ignored) {
                // the daemon takes it at its next check
            }
            throw OcfException.generic("attributes differ:" + first + " the daemon did not write them again within "
                    + limit.toSeconds() + "s");
        }
        if (!DaemonProcess.isDaemon(daemonPid)) {
            return OcfExitCode.NOT_RUNNING;
        }
        String still = verdict(after.get());
        if (!still.isEmpty()) {
            throw OcfException.generic("attributes still differ after the daemon wrote them again:" + still);
        }
        log.warn("attrd differed from the daemon:" + first + " it wrote both attributes again");
        return OcfExitCode.SUCCESS;
    }

    /** The first heartbeat whose republished count passed {@code served}, polled until {@code limit}. */
    private Optional<Heartbeat> awaitRepublished(long served, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        do {
            Thread.sleep(POLL_MS); // the daemon's next check: a file rewritten, no event to wait on
            Optional<Heartbeat> hb = Heartbeat.read(files.state());
            if (hb.isPresent() && hb.get().count("republished").orElse(-1) > served) {
                return hb;
            }
        } while (System.nanoTime() - deadline < 0);
        return Optional.empty();
    }

    /** What is wrong, one {@code " ...;"} per problem; empty when attrd holds what the daemon wrote. */
    String verdict(Heartbeat hb) {
        long writer = hb.count("pid").orElse(-1);
        if (writer != daemonPid) {
            return " heartbeat written by PID " + hb.text("pid").orElse("?") + ", the daemon is " + daemonPid + ";";
        }
        return attribute(hb, "reader") + attribute(hb, "writer");
    }

    /** The verdict on one attribute ({@code role} reader or writer). */
    private String attribute(Heartbeat hb, String role) {
        String name = hb.text(role + "_attribute").orElse("");
        String wanted = hb.text("want_" + role).orElse("");
        String written = hb.text(role).orElse("");
        return verdict(name, wanted, written, inAttrd(name));
    }

    /**
     * The verdict on attribute {@code name}: empty when the wanted value was written and attrd
     * holds it. {@code inAttrd}: attrd's value, empty when it has none (never set or deleted).
     */
    static String verdict(String name, String wanted, String written, Optional<String> inAttrd) {
        if (!written.equals(wanted)) {
            return " " + name + ": the daemon's last write failed (wants " + wanted + ");";
        }
        if (!inAttrd.equals(Optional.of(written))) {
            return " " + name + " is " + inAttrd.map(v -> "'" + v + "'").orElse("not set") + " in attrd, the daemon wrote '"
                    + written + "';";
        }
        return "";
    }

    /** attrd's value; a failure to read it fails the monitor (ERR_GENERIC naming it). */
    private Optional<String> inAttrd(String name) {
        try {
            return attrd.get(name);
        } catch (NodeAttributeException | IllegalArgumentException e) {
            throw OcfException.generic("cannot read attribute " + name + " from attrd: " + e.getMessage());
        }
    }
}
