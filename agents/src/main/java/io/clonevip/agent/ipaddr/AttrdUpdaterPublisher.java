package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.OcfLog;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link CloneCountPublisher} through Pacemaker's {@code attrd_updater} (transient, local node):
 * {@code attrd_updater -n NAME -Q} to read, {@code attrd_updater -n NAME -U VALUE} to write.
 * Outside a cluster (ocf-tester, crm_resource --force-*) attrd is not reachable: logged, not failed.
 */
final class AttrdUpdaterPublisher implements CloneCountPublisher {
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final long TIMEOUT_MS = 5_000;

    /** attrd_updater's exit status for a query of an attribute that does not exist. */
    static final int NO_SUCH_ATTRIBUTE = 78;
    /** attrd_updater's exit status when pacemaker-attrd is not running (no cluster here). */
    static final int NOT_CONNECTED = 102;

    private final String program;
    private final String node;

    /** {@code node}: the local node's name (OCF_RESKEY_CRM_meta_on_node), or null to let attrd decide. */
    AttrdUpdaterPublisher(String program, String node) {
        this.program = program;
        this.node = node;
    }

    /** attrd_updater from /usr/sbin, else from PATH. */
    static AttrdUpdaterPublisher local(String node) {
        Path sbin = Path.of("/usr/sbin/attrd_updater");
        return new AttrdUpdaterPublisher(Files.isExecutable(sbin) ? sbin.toString() : "attrd_updater", node);
    }

    @Override
    public void publish(String attribute, int count, boolean onlyIfChanged, OcfLog log) {
        String value = Integer.toString(count);
        try {
            if (onlyIfChanged) {
                Result q = run(List.of(program, "-n", attribute, "-Q"));
                if (q.rc == 0) {
                    Matcher m = VALUE.matcher(q.out);
                    if (m.find() && m.group(1).equals(value)) {
                        return;
                    }
                } else if (q.rc != NO_SUCH_ATTRIBUTE) {
                    log.debug("clone count not published: attrd_updater -Q exited " + q.rc + ": " + q.out.strip());
                    return;
                }
            }
            Result u = run(List.of(program, "-n", attribute, "-U", value));
            if (u.rc == 0) {
                log.info("node attribute " + attribute + " = " + value);
            } else if (u.rc == NOT_CONNECTED) {
                log.info("node attribute " + attribute + " = " + value + " not published: pacemaker-attrd not reachable");
            } else {
                log.warn("could not set node attribute " + attribute + "=" + value + ": attrd_updater exited "
                        + u.rc + ": " + u.out.strip());
            }
        } catch (IOException e) {
            log.warn("could not set node attribute " + attribute + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Result(int rc, String out) {
    }

    private Result run(List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(args);
        if (node != null) {
            argv.addAll(List.of("-N", node));
        }
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(new File("/dev/null")).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
