package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.testkit.Cmd;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code netctl watch} on a real terminal (a tmux pane of a private tmux server): it hides the
 * cursor while redrawing, and Ctrl-C ends it with the cursor shown again.
 */
class WatchTerminalTest {
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50); // polling interval
        }
    }

    @Test
    void ctrlCRestoresTheCursor() throws Exception {
        String id = "cvwt" + ProcessHandle.current().pid() + "x" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        Cmd.ok("ip", "netns", "add", id);
        try {
            String java = ProcessHandle.current().info().command().orElseThrow();
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String cmd = java + " --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -cp '" + cp + "' "
                    + Netctl.class.getName() + " --netns " + id + " watch --interval 100ms; echo exit=$?; sleep 60";
            Cmd.ok("tmux", "-L", id, "new-session", "-d", "-s", id, "-x", "100", "-y", "20", cmd);
            await("the first frame", () -> pane(id).contains("no cluster IP configured on this node"));
            assertEquals("0", cursor(id), "cursor hidden while watching");
            Cmd.ok("tmux", "-L", id, "send-keys", "-t", id, "C-c");
            await("the end", () -> pane(id).contains("exit=130"));
            assertEquals("1", cursor(id), "cursor shown again after Ctrl-C");
            assertTrue(!pane(id).contains("Exception"), pane(id));
        } finally {
            Cmd.run(List.of("tmux", "-L", id, "kill-server"));
            Cmd.run(List.of("ip", "netns", "del", id));
        }
    }

    private static String pane(String id) {
        return Cmd.run(List.of("tmux", "-L", id, "capture-pane", "-p", "-t", id)).out();
    }

    private static String cursor(String id) {
        return Cmd.ok("tmux", "-L", id, "display", "-p", "-t", id, "#{cursor_flag}").strip();
    }
}
