package io.clonevip.pacemaker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Pacemaker's scheduler run offline on a {@link PlacementCib}: {@code crm_simulate -x CIB -R -G
 * graph.xml}, whose transition graph says which bucket starts and stops where. A bucket that
 * stops on one node and starts on another moved.
 */
final class SimulatedScheduler implements AutoCloseable {

    private static final CommandRunner RUN = CommandRunner.local();
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final Path dir;
    private String digest;

    SimulatedScheduler() throws IOException {
        dir = Files.createTempDirectory("clonevip-placement-");
    }

    /** What the scheduler plans for {@code cib}: the placement after the transition and the moves. */
    Transition run(PlacementCib cib) throws Exception {
        cib.opDigest(digest());
        Path in = dir.resolve("cib.xml");
        Path graph = dir.resolve("graph.xml");
        Files.writeString(in, cib.xml());
        Files.deleteIfExists(graph);
        CommandResult r = RUN.run(List.of("crm_simulate", "-x", in.toString(), "-R", "-Q", "-G", graph.toString()), LIMIT);
        if (r.exitCode() != 0) {
            throw new AssertionError("crm_simulate exited " + r.exitCode() + ": " + r.stderr());
        }
        int[] before = cib.placement();
        int[] after = before.clone();
        int starts = 0;
        int stops = 0;
        Document g = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(graph.toFile());
        NodeList ops = g.getElementsByTagName("rsc_op");
        for (int i = 0; i < ops.getLength(); i++) {
            Element op = (Element) ops.item(i);
            String task = op.getAttribute("operation");
            // the same op also appears, without its primitive, as another action's input
            if (!op.getParentNode().getNodeName().equals("action_set") || !task.equals("start") && !task.equals("stop")) {
                continue;
            }
            Element primitive = (Element) op.getElementsByTagName("primitive").item(0);
            int bucket = Integer.parseInt(primitive.getAttribute("id").substring("p_cluster_vip:".length()));
            int node = Integer.parseInt(op.getAttribute("on_node").substring("node".length()));
            if (task.equals("start")) {
                after[bucket] = node;
                starts++;
            } else {
                if (after[bucket] == node) {
                    after[bucket] = 0;
                }
                stops++;
            }
        }
        return new Transition(before, after, starts, stops);
    }

    /**
     * Runs the scheduler again on each transition's outcome, as the DC does after a transition,
     * until it plans nothing; at most {@code limit} transitions.
     */
    Settled settle(PlacementCib cib, int limit) throws Exception {
        int[] start = cib.placement();
        List<Integer> moves = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            Transition t = run(cib);
            if (t.starts() + t.stops() == 0) {
                return new Settled(start, t.after(), moves);
            }
            moves.add(t.moved());
            for (int b = 0; b < cib.buckets(); b++) {
                cib.place(b, t.after()[b]);
            }
        }
        throw new AssertionError("the scheduler still plans actions after " + limit + " transitions: moves " + moves);
    }

    /** Placement before the first and after the last transition, and the buckets each transition moved. */
    record Settled(int[] before, int[] after, List<Integer> moves) {

        Transition net() {
            return new Transition(before, after, 0, 0);
        }
    }

    /** The op-digest of a start of the VIP primitive, from a one-node, one-bucket simulation. */
    private String digest() throws Exception {
        if (digest == null) {
            Path in = dir.resolve("digest.xml");
            Path out = dir.resolve("digest-out.xml");
            Files.writeString(in, new PlacementCib(1, 1).attribute(1, "writable_monit", 1).xml()
                    .replaceAll("(?s)<lrm_resources>.*?</lrm_resources>", "<lrm_resources/>"));
            CommandResult r = RUN.run(List.of("crm_simulate", "-x", in.toString(), "-S", "-Q", "-O", out.toString()), LIMIT);
            if (r.exitCode() != 0) {
                throw new AssertionError("crm_simulate exited " + r.exitCode() + ": " + r.stderr());
            }
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.toFile());
            NodeList ops = d.getElementsByTagName("lrm_rsc_op");
            for (int i = 0; i < ops.getLength() && digest == null; i++) {
                Element op = (Element) ops.item(i);
                if (op.getAttribute("operation").equals("start")) {
                    digest = op.getAttribute("op-digest");
                }
            }
            if (digest == null || digest.isEmpty()) {
                throw new AssertionError("no start with an op-digest in " + Files.readString(out));
            }
        }
        return digest;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Placement before and after (bucket → node, 0 = stopped) and the actions on buckets. */
    record Transition(int[] before, int[] after, int starts, int stops) {

        /** Buckets per node after the transition, index = node number (0 = stopped). */
        int[] shares(int nodes) {
            int[] s = new int[nodes + 1];
            for (int n : after) {
                s[n]++;
            }
            return s;
        }

        /** Buckets whose node differs before and after. */
        int moved() {
            int m = 0;
            for (int b = 0; b < before.length; b++) {
                if (before[b] != after[b]) {
                    m++;
                }
            }
            return m;
        }
    }
}
