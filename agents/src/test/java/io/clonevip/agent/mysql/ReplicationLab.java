package io.clonevip.agent.mysql;

import java.io.IOException;
import java.util.Map;

/** Test fixture: the GTID primary (1) / replica (2) lab ({@code lab/db/replication.sh}). */
final class ReplicationLab extends DbLab {
    static final int PRIMARY = 1;
    static final int REPLICA = 2;

    private ReplicationLab() throws IOException {
        super("replication.sh", "clonevip-repl-", Map.of());
    }

    static ReplicationLab up() throws IOException {
        ReplicationLab lab = new ReplicationLab();
        try {
            lab.run("up");
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Sets the replica's replication password (stdin, never argv) and restarts its threads. */
    void replicationPassword(String password) throws IOException {
        runWithInput(password + "\n", "repl-password");
    }
}
