package io.clonevip.lab.e2e;

import io.clonevip.testkit.Cmd;
import java.time.Duration;
import java.util.List;

/** The end-to-end lab's Galera members, member n inside node n ({@code e2e-lab.sh db ...}). */
public final class GaleraMembers {
    private final LabScript script;

    GaleraMembers(LabScript script) {
        this.script = script;
    }

    /** SQL as root on member {@code n}. */
    public String sql(int n, String sql) {
        return script.ok(E2eLab.COMMAND_TIMEOUT, "db", "sql", Integer.toString(n), sql);
    }

    /** SET GLOBAL wsrep_desync=1 on member n. */
    public void desync(int n) {
        script.ok(E2eLab.COMMAND_TIMEOUT, "db", "desync", Integer.toString(n));
    }

    /** SET GLOBAL wsrep_desync=0 on member n. */
    public void resync(int n) {
        script.ok(E2eLab.COMMAND_TIMEOUT, "db", "resync", Integer.toString(n));
    }

    /** wsrep_local_state_comment of member n ("" when it does not answer). */
    public String state(int n) {
        Cmd r = script.run(Duration.ofSeconds(20), List.of("db", "state", Integer.toString(n)));
        return r.ok() ? r.out().strip() : "";
    }

    /** Galera status of the three members, one line each. */
    public String status() {
        return script.run(Duration.ofSeconds(30), List.of("db", "status")).out();
    }
}
