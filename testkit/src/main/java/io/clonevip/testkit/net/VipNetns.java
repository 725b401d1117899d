package io.clonevip.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A namespace for IPaddr3 tests: veth pair {@code veth0}/{@code veth1} (both inside, up),
 * {@code veth0} holding 198.51.100.1/24, so the VIP 198.51.100.100 is on a connected network;
 * and the agents' state directory of the run ({@link #rscTmp()}, HA_RSCTMP). Closing deletes both.
 */
public final class VipNetns implements AutoCloseable {
    public static final String NIC = "veth0";
    public static final String VIP = "198.51.100.100";
    /** Where the agents of this test JVM record desired states (docs/user/firewall.md): a directory of its own, removed at exit. */
    public static final Path STATE_DIR = stateDir();

    private static Path stateDir() {
        try {
            Path d = Files.createTempDirectory("clonevip-desired-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> all = Files.walk(d)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            }));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public final TestNetns ns;
    private final Path rscTmp;

    private VipNetns(TestNetns ns, Path rscTmp) {
        this.ns = ns;
        this.rscTmp = rscTmp;
    }

    public static VipNetns create(String tag) {
        TestNetns ns = TestNetns.create(tag);
        try {
            ns.ip("link", "add", NIC, "type", "veth", "peer", "name", "veth1");
            ns.ip("link", "set", NIC, "up");
            ns.ip("link", "set", "veth1", "up");
            ns.ip("addr", "add", "198.51.100.1/24", "dev", NIC);
            return new VipNetns(ns, Files.createTempDirectory("clonevip-" + tag + "-"));
        } catch (IOException e) {
            ns.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    public String name() {
        return ns.name();
    }

    /** This run's state directory of the agents (HA_RSCTMP), deleted with the namespace. */
    public Path rscTmp() {
        return rscTmp;
    }

    /** The environment of a single-VIP resource {@code id}; ARPs in the foreground, one round. */
    public static Map<String, String> single(String id, String rscTmp) {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RESOURCE_INSTANCE", id);
        env.put("HA_RSCTMP", rscTmp);
        env.put("CLONEVIP_STATE_DIR", STATE_DIR.toString()); // the desired states of the test run, not the host's
        env.put("OCF_RESKEY_ip", VIP);
        env.put("OCF_RESKEY_nic", NIC);
        env.put("OCF_RESKEY_arp_bg", "false");
        env.put("OCF_RESKEY_arp_count", "1");
        env.put("OCF_RESKEY_CRM_meta_interval", "10000");
        return env;
    }

    /** Instance {@code clone} (0-based) of a globally-unique clone of {@code max} instances of {@code id}. */
    public static Map<String, String> clone(String id, String rscTmp, int clone, int max) {
        Map<String, String> env = single(id + ":" + clone, rscTmp);
        env.put("OCF_RESKEY_CRM_meta_clone", Integer.toString(clone));
        env.put("OCF_RESKEY_CRM_meta_clone_max", Integer.toString(max));
        env.put("OCF_RESKEY_CRM_meta_clone_node_max", Integer.toString(max));
        env.put("OCF_RESKEY_CRM_meta_globally_unique", "true");
        return env;
    }

    /** A copy of {@code env} as a probe (monitor with interval 0). */
    public static Map<String, String> probe(Map<String, String> env) {
        Map<String, String> p = new HashMap<>(env);
        p.put("OCF_RESKEY_CRM_meta_interval", "0");
        return p;
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(rscTmp)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + rscTmp, e);
        } finally {
            ns.close();
        }
    }
}
