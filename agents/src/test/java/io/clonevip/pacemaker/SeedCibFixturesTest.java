package io.clonevip.pacemaker;

import io.clonevip.pacemaker.CrmMonView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.pacemaker.CommandResult;
import io.clonevip.pacemaker.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The seed blog's second configuration as CIB XML ({@code cib/seed-percona.xml}, made by
 * crmsh from {@code seed-percona.crm} with lab/pacemaker/seed-cib.sh) and its IPaddr2 variant:
 * crm_verify accepts them, they say what the blog says, and Pacemaker's scheduler
 * (crm_simulate, offline) places the VIP clone by writable_monit.
 */
class SeedCibFixturesTest {

    private static final CommandRunner RUN = CommandRunner.local();

    private static Path fixture(String name) throws IOException {
        Path dir = Files.createTempDirectory("clonevip-seedcib-");
        Path copy = dir.resolve("cib.xml");
        try (InputStream in = SeedCibFixturesTest.class.getResourceAsStream("/cib/" + name)) {
            Files.copy(in, copy);
        }
        return copy;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static CommandResult run(Path cib, String... cmd) throws IOException {
        List<String> argv = new ArrayList<>(List.of("env", "CIB_file=" + cib, "CIB_shadow_dir=" + cib.getParent()));
        argv.addAll(List.of(cmd));
        return RUN.run(argv, Duration.ofSeconds(30));
    }

    private static Document parse(Path cib) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(cib.toFile());
    }

    private static Element byId(Document doc, String tag, String id) {
        NodeList list = doc.getElementsByTagName(tag);
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no <" + tag + " id=\"" + id + "\">");
    }

    /** name=value of the nvpairs directly inside {@code <tag>} children of {@code parent}. */
    private static Map<String, String> nvpairs(Element parent, String tag) {
        Map<String, String> map = new LinkedHashMap<>();
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element set && set.getTagName().equals(tag)) {
                NodeList pairs = set.getElementsByTagName("nvpair");
                for (int i = 0; i < pairs.getLength(); i++) {
                    Element p = (Element) pairs.item(i);
                    map.put(p.getAttribute("name"), p.getAttribute("value"));
                }
            }
        }
        return map;
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-percona.xml", "seed-ipaddr2.xml"})
    void crmVerifyAcceptsTheFixture(String name) throws Exception {
        Path cib = fixture(name);
        try {
            CommandResult r = RUN.run(List.of("crm_verify", "-V", "-x", cib.toString()), Duration.ofSeconds(30));
            assertEquals(0, r.exitCode(), r.stderr());
            for (String line : (r.stdout() + r.stderr()).split("\n")) {
                // the only remarks: the 1.1.7-era properties the schema upgrade drops
                assertTrue(line.isBlank() || line.startsWith("INFO: Cluster properties: "), name + ": " + line);
            }
        } finally {
            deleteTree(cib.getParent());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-percona.xml", "seed-ipaddr2.xml"})
    void fixtureSaysWhatTheBlogSays(String name) throws Exception {
        Path cib = fixture(name);
        try {
            Document doc = parse(cib);
            boolean percona = name.equals("seed-percona.xml");
            assertEquals(percona ? "pacemaker-1.2" : "pacemaker-3.9", doc.getDocumentElement().getAttribute("validate-with"));
            Element vip = byId(doc, "primitive", "p_cluster_vip");
            assertEquals(percona ? "percona" : "heartbeat", vip.getAttribute("provider"));
            assertEquals(percona ? "IPaddr3" : "IPaddr2", vip.getAttribute("type"));
            assertEquals(Map.of("ip", "198.51.100.100", "nic", "eth0"), nvpairs(vip, "instance_attributes"));
            assertEquals(Map.of("resource-stickiness", "0"), nvpairs(vip, "meta_attributes"));
            assertEquals(Map.of("clone-max", "3", "clone-node-max", "3", "globally-unique", "true"),
                    nvpairs(byId(doc, "clone", "cl_cluster_vip"), "meta_attributes"));
            assertEquals(Map.of("clone-max", "3", "clone-node-max", "1"),
                    nvpairs(byId(doc, "clone", "cl_mysql_monitor"), "meta_attributes"));
            Element monit = byId(doc, "primitive", "p_mysql_monit");
            assertEquals("percona/mysql_monitor", monit.getAttribute("provider") + "/" + monit.getAttribute("type"));
            assertEquals(Map.of("reader_attribute", "readable_monit", "writer_attribute", "writable_monit",
                    "user", "repl_user", "password", "WhatAPassword", "pid", "/var/lib/mysql/mysqld.pid",
                    "socket", "/var/run/mysqld/mysqld.sock", "max_slave_lag", "5", "cluster_type", "pxc"),
                    nvpairs(monit, "instance_attributes"));
            Element op = byId(doc, "op", "p_mysql_monit-monitor-1s");
            assertEquals("1s/30s", op.getAttribute("interval") + "/" + op.getAttribute("timeout"));
            assertEquals(Map.of("OCF_CHECK_LEVEL", "1"), nvpairs(op, "instance_attributes"));
            assertEquals(List.of(
                            "loc-distrib-cluster-vip cl_cluster_vip -1 p_cluster_vip_clone_count gt 1",
                            "loc-enable-cluster-vip cl_cluster_vip 2 writable_monit eq 1",
                            "loc-no-cluster-vip cl_cluster_vip -INFINITY writable_monit eq 0"),
                    rules(doc));
            Map<String, String> properties = nvpairs(
                    (Element) doc.getElementsByTagName("crm_config").item(0), "cluster_property_set");
            assertEquals(percona
                    ? Map.of("dc-version", "1.1.7-ee0730e13d124c3d58f00016c3376a1de5323cff",
                            "cluster-infrastructure", "openais", "expected-quorum-votes", "3",
                            "stonith-enabled", "false", "no-quorum-policy", "ignore",
                            "last-lrm-refresh", "1384275025", "maintenance-mode", "off")
                    : Map.of("stonith-enabled", "false", "no-quorum-policy", "ignore", "maintenance-mode", "false"),
                    properties);
            assertEquals(3, doc.getElementsByTagName("node").getLength());
        } finally {
            deleteTree(cib.getParent());
        }
    }

    private static List<String> rules(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList locations = doc.getElementsByTagName("rsc_location");
        for (int i = 0; i < locations.getLength(); i++) {
            Element loc = (Element) locations.item(i);
            Element rule = (Element) loc.getElementsByTagName("rule").item(0);
            Element expr = (Element) rule.getElementsByTagName("expression").item(0);
            out.add(String.join(" ", loc.getAttribute("id"), loc.getAttribute("rsc"), rule.getAttribute("score"),
                    expr.getAttribute("attribute"), expr.getAttribute("operation"), expr.getAttribute("value")));
        }
        out.sort(null);
        return out;
    }

    @Test
    void schedulerPlacesTheVipCloneByWritableMonit() throws Exception {
        for (String name : List.of("seed-percona.xml", "seed-ipaddr2.xml")) {
            Path cib = fixture(name);
            try {
                // all three nodes up with quorum; store the simulated result in the file
                CommandResult up = run(cib, "crm_simulate", "-x", cib.toString(), "-X",
                        "-u", "pacemaker-1", "-u", "pacemaker-2", "-u", "pacemaker-3", "-Q");
                assertEquals(0, up.exitCode(), up.stderr());
                assertEquals(Map.of("pacemaker-1", 1, "pacemaker-2", 1, "pacemaker-3", 1), placement(cib), name);
                for (int n = 1; n <= 3; n++) {
                    CommandResult set = run(cib, "crm_attribute", "-N", "pacemaker-" + n, "-l", "reboot",
                            "-n", "writable_monit", "-v", n == 3 ? "1" : "0");
                    assertEquals(0, set.exitCode(), set.stderr());
                }
                Path after = cib.resolveSibling("after.xml");
                CommandResult sim = run(cib, "crm_simulate", "-x", cib.toString(), "-S", "-O", after.toString());
                assertEquals(0, sim.exitCode(), sim.stderr());
                assertEquals(Map.of("pacemaker-3", 3), placement(after), name);
            } finally {
                deleteTree(cib.getParent());
            }
        }
    }

    private static Map<String, Integer> placement(Path cib) throws IOException {
        CommandResult mon = run(cib, "crm_mon", "-1", "--output-as=xml");
        assertEquals(0, mon.exitCode(), mon.stderr());
        return CrmMonView.parse(mon.stdout()).instancesPerNode("p_cluster_vip");
    }
}
