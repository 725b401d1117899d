package io.clonevip.testkit.net;

import io.clonevip.testkit.Cmd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace that a test creates and deletes: unique name per run
 * ({@code cvt-<tag>-<pid>-<random>}), loopback up, and teardown that kills only the processes
 * inside it and deletes it. Never touches the root namespace.
 */
public final class TestNetns implements AutoCloseable {
    private final String name;
    private boolean closed;

    private TestNetns(String name) { this.name = name; }

    public static TestNetns create(String tag) {
        String n = "cvt-" + tag + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        if (n.length() > 60) n = n.substring(0, 60);
        Cmd.ok("ip", "netns", "add", n);
        TestNetns ns = new TestNetns(n);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    public String name() { return name; }

    /** {@code ip -n NAME args...}, must succeed. */
    public String ip(String... args) {
        List<String> a = new ArrayList<>(List.of("ip", "-n", name));
        a.addAll(List.of(args));
        return Cmd.ok(a.toArray(String[]::new));
    }

    /** Runs a command inside the namespace. */
    public Cmd exec(String... argv) {
        List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", name));
        a.addAll(List.of(argv));
        return Cmd.run(a.toArray(String[]::new));
    }

    /** Runs a command inside the namespace and returns stdout; fails unless exit 0. */
    public String execOk(String... argv) {
        Cmd c = exec(argv);
        if (c.exit() != 0) throw new IllegalStateException(String.join(" ", argv) + " in " + name + " -> exit " + c.exit() + ": " + c.err() + c.out());
        return c.out();
    }

    /** Creates a veth pair with {@code here} in this namespace and {@code there} in {@code peer}. */
    public void veth(String here, TestNetns peer, String there) {
        ip("link", "add", here, "type", "veth", "peer", "name", there, "netns", peer.name());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Cmd pids = Cmd.run("ip", "netns", "pids", name);
        for (String p : pids.out().split("\\s+")) {
            if (!p.isBlank()) ProcessHandle.of(Long.parseLong(p.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
        Cmd.run("ip", "netns", "del", name);
    }
}
