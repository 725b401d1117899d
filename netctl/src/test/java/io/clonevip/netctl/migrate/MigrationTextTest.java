package io.clonevip.netctl.migrate;

import static io.clonevip.netctl.migrate.MigrateRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The migration text: in netctl migrate --help and in docs/user/migration.md. */
class MigrationTextTest {
    @Test
    void helpStatesTheOneTimeCutTheStepsAndTheZeroDisruptionPath() {
        MigrateRun r = run("migrate", "--help");
        assertEquals(0, r.exit());
        String h = r.out();
        assertTrue(h.contains("Existing client connections on the VIP are cut ONCE"), h);
        assertTrue(h.contains("the hash function changes"), h);
        assertTrue(h.contains("crm node standby NODE (its buckets move away)"), h);
        assertTrue(h.contains("remove its CLUSTERIP rule, apply clonevip"), h);
        assertTrue(h.contains("clusterip-compatible"), h);
        assertTrue(h.contains("established connections are kept"), h);
        assertTrue(h.contains("--apply --keep-connections"), h);
        assertTrue(h.contains("7  input file malformed or inconsistent, nothing written"), h);
        assertTrue(h.lines().allMatch(l -> l.length() <= 80), "fits 80 columns");
    }

    @Test
    void docsSayTheSame() {
        String d = MigrateRun.read(Path.of("../docs/user/migration.md"));
        assertTrue(d.contains("**Existing client connections on the VIP are cut once**"), d);
        assertTrue(d.contains("Bucket *ownership* is kept"), d);
        assertTrue(d.contains("`crm node standby NODE`"), d);
        assertTrue(d.contains("remove its CLUSTERIP rule"), d);
        assertTrue(d.contains("`clusterip-compatible`"), d);
        assertTrue(d.contains("## Zero-disruption path: `clusterip-compatible`, node by node"), d);
        assertTrue(d.contains("`netctl migrate --apply --keep-connections`"), d);
    }
}
