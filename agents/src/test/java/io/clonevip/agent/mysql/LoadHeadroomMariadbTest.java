package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.testkit.db.DbLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load publisher for real: the replication lab's primary (a real mariadbd) in a control group of
 * its own made by the test (cgroup v2 with cpu.max where v2 has the cpu controller, else the v1
 * {@code cpu} hierarchy for the quota and v2 for the usage, as on a hybrid host), mysql_monitor's
 * {@link MonitorLoop} with {@code load_attribute} and the server's pid file, {@link RecordingAttrd}
 * behind the attribute writer. Idle: 100, written once. Four connections of CPU-bound queries with
 * the group squeezed to 20 % of one CPU: below the rule's 20 within 40 s, while the server stays
 * 1/1; stop deletes the attribute. The group is removed after the test.
 */
class LoadHeadroomMariadbTest {
    private static final Path V2 = Path.of("/sys/fs/cgroup");
    private static final Path HYBRID_V2 = Path.of("/sys/fs/cgroup/unified");
    private static final Path V1_CPU = Path.of("/sys/fs/cgroup/cpu");

    @TempDir
    Path dir;

    @Test
    void aSqueezedBusyServerPublishesNoHeadroomAndAnIdleOne100() throws Exception {
        boolean pureV2 = Files.exists(V2.resolve("cgroup.controllers"))
                && Files.readString(V2.resolve("cgroup.controllers")).contains("cpu");
        String name = "clonevip-test-headroom-" + ProcessHandle.current().pid();
        Path group = (pureV2 ? V2 : HYBRID_V2).resolve(name);
        Path quotaGroup = pureV2 ? group : V1_CPU.resolve(name);
        AtomicBoolean loadOn = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        try (DbLab lab = DbLab.replication()) {
            long pid = lab.pid(DbLab.PRIMARY);
            Files.createDirectories(group);
            Files.createDirectories(quotaGroup);
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
            if (!pureV2) {
                Files.writeString(quotaGroup.resolve("cgroup.procs"), Long.toString(pid));
            }
            Path pidFile = dir.resolve("mysqld.pid");
            Files.writeString(pidFile, pid + "\n");
            RecordingAttrd attrd = new RecordingAttrd();
            MysqlMonitorConfig c = MysqlMonitorConfig.parse(MysqlMonitorConfigTest.params("cluster_type", "replication",
                    "host", "127.0.0.1", "port", Integer.toString(lab.port(DbLab.PRIMARY)), "user", "monitor",
                    "password", lab.monitorPassword(), "pid", pidFile.toString(), "load_attribute", "load_headroom"),
                    dir.resolve("m.state"));
            MonitorLoop loop = MonitorLoop.create(c, attrd.attributes(), null);
            for (int i = 0; i < 4; i++) {
                loop.checkOnce();
                Thread.sleep(250);
            }
            assertEquals("100", attrd.value("load_headroom"), attrd.writes().toString());

            String url = "jdbc:mariadb://127.0.0.1:" + lab.port(DbLab.PRIMARY) + "/?sslMode=disable&socketTimeout=60000";
            Properties props = new Properties();
            props.setProperty("user", "monitor");
            props.setProperty("password", lab.monitorPassword());
            for (int i = 0; i < 4; i++) {
                load.add(Thread.ofPlatform().daemon().start(() -> {
                    try (Connection conn = DriverManager.getConnection(url, props); Statement st = conn.createStatement()) {
                        while (loadOn.get()) {
                            st.executeQuery("SELECT BENCHMARK(200000, SHA2('clonevip', 256))").close();
                        }
                    } catch (Exception e) {
                        // the lab went away: the assertions say what happened
                    }
                }));
            }
            if (pureV2) {
                Files.writeString(quotaGroup.resolve("cpu.max"), "20000 100000");
            } else {
                Files.writeString(quotaGroup.resolve("cpu.cfs_quota_us"), "20000");
            }
            long deadline = System.nanoTime() + 40_000_000_000L;
            while (System.nanoTime() - deadline < 0 && Integer.parseInt(attrd.value("load_headroom")) >= 20) {
                assertEquals(Decision.WRITABLE, loop.checkOnce(), "the squeezed primary stays readable and writable");
                Thread.sleep(500);
            }
            assertTrue(Integer.parseInt(attrd.value("load_headroom")) < 20, attrd.writes().toString());
            List<String> w = attrd.writes().stream().filter(x -> x.startsWith("load_headroom")).toList();
            assertTrue(w.size() <= 11, "one write per step at most: " + w);
            loadOn.set(false);
            loop.shutdown();
            assertEquals("load_headroom deleted", attrd.writes().getLast());
        } finally {
            loadOn.set(false);
            for (Thread t : load) {
                t.join(10_000);
            }
            if (!pureV2 && Files.exists(quotaGroup)) {
                Files.writeString(quotaGroup.resolve("cpu.cfs_quota_us"), "-1");
            }
            // the server is gone with the lab: the groups are empty
            Files.deleteIfExists(group);
            Files.deleteIfExists(quotaGroup);
        }
    }
}
