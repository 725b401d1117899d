package io.clonevip.netctl.migrate;

import io.clonevip.netctl.Cli;
import static io.clonevip.netctl.migrate.MigrateRun.copy;
import static io.clonevip.netctl.migrate.MigrateRun.read;
import static io.clonevip.netctl.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.netctl.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code netctl migrate --cib}: the rewrite, its diff, crm_verify, and nothing written on errors. */
class MigrateCibTest {
    private Path dir;

    @BeforeEach
    void tempDir() throws IOException {
        dir = Files.createTempDirectory("clonevip-migrate-" + ProcessHandle.current().pid() + "-");
    }

    @AfterEach
    void cleanUp() {
        MigrateRun.deleteTree(dir);
    }

    @Test
    void blogCibMovesOnlyTheProviders() {
        Path in = copy("blog-ipaddr3.cib.xml", dir);
        String before = read(in);
        Cli r = run("migrate", "--cib", in.toString());
        assertEquals(0, r.exit(), r.err());
        Path out = dir.resolve("blog-ipaddr3.cib.xml.clonevip.xml");
        assertEquals(List.of("blog-ipaddr3.cib.xml", "blog-ipaddr3.cib.xml.clonevip.xml"), MigrateRun.list(dir));
        assertEquals(before, read(in), "input untouched");
        String after = read(out);
        // exactly the two primitives' providers change, and the -inf rule also keeps out a node without
        // writable_monit; status (lrm_resource provider="percona") stays
        String expected = before
                .replace("<primitive id=\"p_cluster_vip\" class=\"ocf\" provider=\"percona\" type=\"IPaddr3\">",
                        "<primitive id=\"p_cluster_vip\" class=\"ocf\" provider=\"clonevip\" type=\"IPaddr3\">")
                .replace("<primitive id=\"p_mysql_monit\" class=\"ocf\" provider=\"percona\" type=\"mysql_monitor\">",
                        "<primitive id=\"p_mysql_monit\" class=\"ocf\" provider=\"clonevip\" type=\"mysql_monitor\">")
                .replace("""
                                <rule score="-INFINITY" id="loc-no-cluster-vip-rule">
                        """, """
                                <rule score="-INFINITY" id="loc-no-cluster-vip-rule" boolean-op="or">
                                  <expression attribute="writable_monit" operation="not_defined" id="loc-no-cluster-vip-rule-not-defined"/>
                        """);
        assertEquals(expected, after);
        assertTrue(after.contains("<lrm_resource id=\"p_cluster_vip:1\" type=\"IPaddr3\" class=\"ocf\" provider=\"percona\">"));

        String o = r.out();
        assertTrue(o.startsWith("--- " + in + "\n+++ " + out + "\n@@ -31,7 +31,7 @@\n"), o);
        assertEquals(2, count(o, "\n-        <primitive "));
        assertEquals(2, count(o, "\n+        <primitive "));
        assertTrue(o.contains("  p_cluster_vip: ocf:percona:IPaddr3 -> ocf:clonevip:IPaddr3\n"), o);
        assertTrue(o.contains("  p_mysql_monit: ocf:percona:mysql_monitor -> ocf:clonevip:mysql_monitor\n"), o);
        assertTrue(o.contains("p_cluster_vip: no mac parameter"), o);
        assertTrue(o.contains("\n+          <expression attribute=\"writable_monit\" operation=\"not_defined\""
                + " id=\"loc-no-cluster-vip-rule-not-defined\"/>\n"), "the diff shows the rule: " + o);
        assertTrue(o.contains("  loc-no-cluster-vip: rule loc-no-cluster-vip-rule \"-inf: writable_monit eq 0\" ->"
                + " \"-inf: not_defined writable_monit or writable_monit eq 0\": a node that has just joined"), o);
        assertTrue(o.contains("crm_verify: valid (crm_verify -x exit 0)"), o);
        assertFalse(o.contains("WhatAPassword"), "no secret in the output");
        assertEquals(0, crmVerify(out), "crm_verify -x accepts the result, run independently");
        assertEquals(before, cibadminQuery(in), "the fixture is exactly what cibadmin -Q prints");
        assertEquals(after, cibadminQuery(out), "so is the result");
    }

    @Test
    @SuppressWarnings("unchecked")
    void ipaddr2CloneBecomesIpaddr3WithMappedParameters() {
        Path in = copy("ipaddr2-clone.cib.xml", dir);
        Path out = dir.resolve("result.xml");
        Cli r = run("migrate", "--cib", in.toString(), "--output", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        String before = read(in);
        String after = read(out);
        assertTrue(after.contains("<primitive class=\"ocf\" id=\"vip\" provider=\"clonevip\" type=\"IPaddr3\">"), after);
        assertTrue(after.contains("<nvpair id=\"vip-instance_attributes-clusterip_hash_seed\" name=\"hash_seed\""
                + " value=\"0x5eed1234\"/>"), after);
        assertFalse(after.contains("clusterip_firewall"), after);
        assertTrue(after.contains("name=\"clusterip_mac_mangle\""), "unknown parameter kept");
        assertTrue(after.contains("<primitive class=\"ocf\" id=\"admin-vip\" provider=\"heartbeat\" type=\"IPaddr2\">"));
        assertTrue(after.contains("<primitive class=\"ocf\" id=\"galera\" provider=\"heartbeat\" type=\"galera\">"));
        // every id is kept, except the dropped nvpair's
        TreeSet<String> idsBefore = ids(before);
        idsBefore.remove("vip-instance_attributes-clusterip_firewall");
        assertEquals(idsBefore, ids(after));
        assertEquals(before.lines().count() - 1, after.lines().count());

        Map<String, Object> doc = (Map<String, Object>) io.clonevip.netctl.JsonText.parse(r.out());
        assertEquals(in.toString(), doc.get("input"));
        assertEquals(out.toString(), doc.get("output"));
        List<Object> changes = (List<Object>) doc.get("changes");
        assertEquals(List.of(
                Map.of("kind", "agent", "resource", "vip", "id", "vip", "from", "ocf:heartbeat:IPaddr2",
                        "to", "ocf:clonevip:IPaddr3"),
                Map.of("kind", "renamed", "resource", "vip", "id", "vip-instance_attributes-clusterip_hash_seed",
                        "from", "clusterip_hash_seed", "to", "hash_seed"),
                Map.of("kind", "dropped", "resource", "vip", "id", "vip-instance_attributes-clusterip_firewall",
                        "from", "clusterip_firewall", "note", AgentMap.DROPPED.get("clusterip_firewall"))),
                changes.stream().map(c -> withoutNulls((Map<String, Object>) c)).toList());
        List<Object> warnings = (List<Object>) doc.get("warnings");
        assertTrue(warnings.contains("vip: parameter clusterip_mac_mangle is not known to ocf:clonevip:IPaddr3; kept, check it"),
                warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.toString().startsWith("admin-vip: ocf:heartbeat:IPaddr2 outside a clone")),
                warnings.toString());
        String diff = (String) doc.get("diff");
        assertTrue(diff.contains("\n-            <nvpair id=\"vip-instance_attributes-clusterip_firewall\""), diff);
        assertTrue(diff.contains("\n+        <primitive class=\"ocf\" id=\"vip\" provider=\"clonevip\" type=\"IPaddr3\">"), diff);
        Map<String, Object> verdict = (Map<String, Object>) doc.get("crm_verify");
        assertEquals(Boolean.TRUE, verdict.get("valid"), verdict.toString());
        assertEquals(0, crmVerify(out));
        assertEquals(before, cibadminQuery(in), "the fixture is exactly what cibadmin -Q prints");
        assertEquals(after, cibadminQuery(out), "so is the result");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-xml.cib.xml", "no-resources.cib.xml", "mismatched-tag.cib.xml", "invalid-schema.cib.xml"})
    void brokenCibExitsSevenAndWritesNothing(String name) {
        Path in = copy(name, dir);
        String before = read(in);
        Cli r = run("migrate", "--cib", in.toString());
        assertEquals(ExitCodes.BAD_INPUT_FILE, r.exit(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("netctl: " + in), r.err());
        assertEquals(List.of(name), MigrateRun.list(dir), "nothing written, no temporary left");
        assertEquals(before, read(in));
        Cli in2 = run("migrate", "--cib", in.toString(), "--in-place");
        assertEquals(ExitCodes.BAD_INPUT_FILE, in2.exit());
        assertEquals(before, read(in), "--in-place leaves a broken input alone");
    }

    @Test
    void brokenCibMessages() {
        assertTrue(run("migrate", "--cib", copy("not-xml.cib.xml", dir).toString()).err()
                .contains("not-xml.cib.xml:1: not well-formed XML"));
        assertTrue(run("migrate", "--cib", copy("no-resources.cib.xml", dir).toString()).err()
                .contains("no <resources> section in <configuration>"));
        assertTrue(run("migrate", "--cib", copy("invalid-schema.cib.xml", dir).toString()).err()
                .contains("the input CIB itself does not pass crm_verify -x"));
    }

    @Test
    void inPlaceAndOutputRules() {
        Path in = copy("blog-ipaddr3.cib.xml", dir);
        Cli same = run("migrate", "--cib", in.toString(), "--output", in.toString());
        assertEquals(ExitCodes.USAGE, same.exit());
        assertTrue(same.err().contains("use --in-place"), same.err());
        assertEquals(ExitCodes.USAGE, run("migrate", "--cib", in.toString(), "--output", "x.xml", "--in-place").exit());
        Cli r = run("migrate", "--cib", in.toString(), "--in-place");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("blog-ipaddr3.cib.xml"), MigrateRun.list(dir));
        assertTrue(read(in).contains("provider=\"clonevip\" type=\"IPaddr3\""));
        Cli again = run("migrate", "--cib", in.toString());
        assertEquals(0, again.exit());
        assertTrue(again.out().startsWith("Nothing to migrate"), again.out());
        assertEquals(List.of("blog-ipaddr3.cib.xml"), MigrateRun.list(dir), "nothing written when nothing to migrate");
    }

    @Test
    void secretsAreMaskedInTheDiff() {
        String line = "            <nvpair name=\"password\" value=\"WhatAPassword\" id=\"x-password\"/>";
        assertEquals("            <nvpair name=\"password\" value=\"***\" id=\"x-password\"/>", CibMigration.maskSecrets(line));
        String other = "<nvpair id=\"a\" name=\"user\" value=\"repl_user\"/>";
        assertEquals(other, CibMigration.maskSecrets(other));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> { if (v != null) out.put(k, v); });
        return out;
    }

    private static TreeSet<String> ids(String xml) {
        TreeSet<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("\\sid=\"([^\"]*)\"").matcher(xml);
        while (m.find()) ids.add(m.group(1));
        return ids;
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }

    /** What {@code CIB_file=FILE cibadmin -Q} prints (Pacemaker's own serialisation of the file). */
    private static String cibadminQuery(Path file) {
        try {
            ProcessBuilder pb = new ProcessBuilder("cibadmin", "-Q");
            pb.environment().put("CIB_file", file.toString());
            Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "cibadmin -Q on " + file);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the real crm_verify -x on a file; its exit code. */
    private static int crmVerify(Path file) {
        try {
            Process p = new ProcessBuilder("crm_verify", "-x", file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
