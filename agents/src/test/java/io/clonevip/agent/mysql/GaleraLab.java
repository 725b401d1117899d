package io.clonevip.agent.mysql;

import java.io.IOException;
import java.util.Map;

/** Test fixture: the 3-node Galera lab ({@code lab/db/galera.sh}) of this run, nodes 1..3. */
final class GaleraLab extends DbLab {
    /** Short failure detection so that isolation and a frozen node are seen in seconds. */
    static final String FAST_EVS = "evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.keepalive_period=PT0.5S";

    private GaleraLab() throws IOException {
        super("galera.sh", "clonevip-galera-", Map.of("GALERA_EXTRA", FAST_EVS));
    }

    /** Starts the cluster; on failure everything started so far is torn down. */
    static GaleraLab up() throws IOException {
        GaleraLab lab = new GaleraLab();
        try {
            lab.run("up");
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    void desync(int node) throws IOException {
        run("desync", Integer.toString(node));
    }

    void resync(int node) throws IOException {
        run("resync", Integer.toString(node));
    }

    void isolate(int node) throws IOException {
        run("isolate", Integer.toString(node));
    }

    void unisolate(int node) throws IOException {
        run("unisolate", Integer.toString(node));
    }

    void freeze(int node) throws IOException {
        run("freeze", Integer.toString(node));
    }

    void thaw(int node) throws IOException {
        run("thaw", Integer.toString(node));
    }

    void waitSynced(int node) throws IOException {
        run("wait-synced", Integer.toString(node), "60");
    }
}
