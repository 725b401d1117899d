package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterState;
import io.clonevip.nativ.KernelException;
import io.clonevip.ocf.OcfEnv;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises "read the bucket count, publish it" among the instances of one VIP on a node
 * (an exclusive lock on {@code $HA_RSCTMP/IPaddr3-count-<ip>.lock}, plus a lock within this
 * JVM). Each instance changes the kernel first and then publishes under the lock, so the last
 * one to publish reads a state that contains every change made before it: concurrent starts
 * and stops never leave a stale count behind. The kernel changes themselves take no lock.
 */
final class CountLock {
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private CountLock() {
    }

    interface Work {
        void run() throws Exception;
    }

    /**
     * Publishes the node's bucket count for {@code ip} under the lock: {@code count} as the
     * caller's operation left it when the ruleset is still at {@code generation}, else read again
     * (another instance changed it meanwhile, and the last to publish must publish the latest).
     */
    static void publish(ClusterIpNode node, OcfEnv env, InetAddress ip, String attribute, CloneCountPublisher publisher,
                        int count, int generation, boolean onlyIfChanged) throws KernelException {
        try {
            run(env.rscTmp(), ip, () -> {
                int now = count;
                if (node.nft().getGenId() != generation) {
                    ClusterState st = node.tables().state(ip);
                    now = st == null ? 0 : st.local().size();
                }
                publisher.publish(attribute, now, onlyIfChanged, env.log());
            });
        } catch (KernelException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void run(Path rscTmp, InetAddress ip, Work work) throws Exception {
        IN_PROCESS.lock();
        try {
            Files.createDirectories(rscTmp);
            Path f = rscTmp.resolve("IPaddr3-count-" + ip.getHostAddress().replace(':', '_') + ".lock");
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 var lock = ch.lock()) {
                work.run();
            }
        } catch (IOException e) {
            work.run(); // no lock possible (read-only HA_RSCTMP?): publish anyway
        } finally {
            IN_PROCESS.unlock();
        }
    }
}
