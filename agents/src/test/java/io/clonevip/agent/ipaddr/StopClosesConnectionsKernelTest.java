package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IPaddr3 clone stop closes this node's TCP connections of the bucket it takes away (server
 * side gone in the node's own sock_diag dump, the clients see the reset) and no other; the
 * stop of the last bucket closes every connection on the VIP; one log line says how many. The
 * same through a stop whose parameters do not validate ({@link UnconfiguredStop}). All with
 * {@code drain_limit=0}, the cut.
 */
class StopClosesConnectionsKernelTest {
    @TempDir
    Path rscTmp;
    VipClientsLab lab;
    final IPaddr3 agent = new IPaddr3(env -> new RecordingPublisher());

    @BeforeEach
    void setUp() throws Exception {
        lab = VipClientsLab.create("ip3conn");
        for (int i = 0; i < 3; i++) run(instance(i), "start");
        lab.connect();
        assertEquals(Set.of(1, 2, 3), lab.perBucket().keySet(), "clients in every bucket: " + lab.perBucket());
    }

    @AfterEach
    void tearDown() throws Exception {
        lab.close();
    }

    /** drain_limit 0: the stop cuts (StopDrainsKernelTest has the drain). */
    private Map<String, String> instance(int clone) {
        return VipClientsLab.instance(rscTmp.toString(), clone, 3, 0);
    }

    private AgentRun run(Map<String, String> env, String action) throws Exception {
        AgentRun r = AgentRun.in(lab.node(), agent, env, action);
        assertEquals(0, r.rc(), action + ": " + r);
        return r;
    }

    private List<String> closedLines(AgentRun r) {
        return r.err().lines().filter(l -> l.contains("TCP connection")).collect(Collectors.toList());
    }

    @Test
    void eachStopClosesItsBucketAndTheLastAllOfTheVip() throws Exception {
        AgentRun two = run(instance(1), "stop");
        assertEquals(List.of("INFO: stop: closed " + lab.perBucket().get(2) + " TCP connections of bucket 2 on 198.51.100.100"),
                closedLines(two).stream().map(l -> l.substring(l.indexOf("INFO:"))).toList(), two.err());
        lab.assertOpenExactly(Set.of(1, 3));

        run(instance(0), "stop");
        lab.assertOpenExactly(Set.of(3));

        AgentRun last = run(instance(2), "stop");
        assertTrue(last.err().contains("INFO: stop: closed " + lab.perBucket().get(3) + " TCP connections on 198.51.100.100"), last.err());
        lab.assertOpenExactly(Set.of());

        AgentRun again = run(instance(2), "stop");
        assertEquals(List.of(), closedLines(again), "a stop of a stopped instance has nothing to say about connections: " + again.err());
    }

    @Test
    void aStopWithBrokenParametersClosesItsBucketToo() throws Exception {
        Map<String, String> broken = instance(0);
        broken.put("OCF_RESKEY_mac", "not-a-mac");
        AgentRun r = run(broken, "stop");
        assertTrue(r.err().contains("stop: closed " + lab.perBucket().get(1) + " TCP connections of bucket 1 on 198.51.100.100"), r.err());
        lab.assertOpenExactly(Set.of(2, 3));
        assertTrue(Files.isDirectory(rscTmp));
    }
}
