package io.clonevip.netctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.NetctlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Corner cases of the CIB rewrite that the fixture CIBs do not cover. */
class CibRewriterTest {
    private static String cib(String resources) {
        return "<cib validate-with=\"pacemaker-3.9\" epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\">\n"
                + "  <configuration>\n    <crm_config/>\n    <nodes/>\n    <resources>\n" + resources
                + "    </resources>\n    <constraints/>\n  </configuration>\n  <status/>\n</cib>\n";
    }

    @Test
    void commentsCdataAndQuotingDoNotConfuseTheTagScanner() {
        String xml = cib("""
                      <!-- <primitive id="fake" class="ocf" provider="percona" type="IPaddr3"/> -->
                      <clone id='c'>
                        <group id="g">
                          <primitive id = "v" class='ocf' provider="heartbeat" type="IPaddr2" description="a &gt; b">
                            <instance_attributes id="v-ia">
                              <nvpair id="v-ia-seed" name="clusterip_hash_seed" value="1"/>
                              <nvpair id="v-ia-chain" name="clusterip_chain" value="INPUT"></nvpair>
                              <nvpair id="v-ia-mac" name="mac" value="01:00:5E:00:00:01"/>
                            </instance_attributes>
                          </primitive>
                        </group>
                      </clone>
                """);
        CibRewrite r = CibRewriter.rewrite("t", xml);
        assertEquals(List.of("agent", "renamed", "dropped"), r.changes().stream().map(CibChange::kind).toList());
        String out = r.rewritten();
        assertTrue(out.contains("<!-- <primitive id=\"fake\" class=\"ocf\" provider=\"percona\" type=\"IPaddr3\"/> -->"), out);
        assertTrue(out.contains("<primitive id = \"v\" class='ocf' provider=\"clonevip\" type=\"IPaddr3\" description=\"a &gt; b\">"), out);
        assertTrue(out.contains("<nvpair id=\"v-ia-seed\" name=\"hash_seed\" value=\"1\"/>"), out);
        assertTrue(!out.contains("clusterip_chain"), out);
        assertEquals(xml.lines().count() - 1, out.lines().count());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void bothOldAndNewSeedIsAnInputError() {
        String xml = cib("""
                      <clone id="c">
                        <primitive id="v" class="ocf" provider="heartbeat" type="IPaddr2">
                          <instance_attributes id="v-ia">
                            <nvpair id="a" name="clusterip_hash_seed" value="1"/>
                            <nvpair id="b" name="hash_seed" value="2"/>
                          </instance_attributes>
                        </primitive>
                      </clone>
                """);
        NetctlException e = assertThrows(NetctlException.class, () -> CibRewriter.rewrite("t", xml));
        assertEquals(ExitCodes.BAD_INPUT_FILE, e.exitCode());
        assertEquals("t: v: both clusterip_hash_seed and hash_seed are set in v-ia; keep one of them", e.getMessage());
    }

    @Test
    void templatesAndOtherAgentsAreLeftAlone() {
        String xml = cib("""
                      <primitive id="t1" template="vip-template"/>
                      <primitive id="d" class="ocf" provider="pacemaker" type="Dummy"/>
                      <primitive id="s" class="systemd" type="mariadb"/>
                """);
        CibRewrite r = CibRewriter.rewrite("t", xml);
        assertEquals(xml, r.rewritten());
        assertEquals(List.of(), r.changes());
        assertEquals(List.of("t1: uses template vip-template; templates are not migrated, check it by hand"), r.warnings());
    }

    @Test
    void doctypeIsRefused() {
        String xml = "<!DOCTYPE cib [<!ENTITY x \"y\">]>\n" + cib("");
        NetctlException e = assertThrows(NetctlException.class, () -> CibRewriter.rewrite("t", xml));
        assertEquals(ExitCodes.BAD_INPUT_FILE, e.exitCode());
        assertTrue(e.getMessage().startsWith("t:1: not well-formed XML"), e.getMessage());
    }

    private static String cibWithConstraints(String resources, String constraints) {
        return cib(resources).replace("    <constraints/>\n", "    <constraints>\n" + constraints + "    </constraints>\n");
    }

    private static final String MONITOR = """
                  <clone id="cl_mysql_monitor">
                    <primitive id="p_mysql_monit" class="ocf" provider="clonevip" type="mysql_monitor">
                      <instance_attributes id="p_mysql_monit-ia">
                        <nvpair name="writer_attribute" value="writable_monit" id="p_mysql_monit-ia-w"/>
                      </instance_attributes>
                    </primitive>
                  </clone>
            """;

    @Test
    void theBlogsMinusInfinityRuleAlsoKeepsOutANodeWithoutTheAttribute() {
        String xml = cibWithConstraints(MONITOR, """
                  <rsc_location id="loc-enable-cluster-vip" rsc="cl_cluster_vip">
                    <rule score="2" id="loc-enable-cluster-vip-rule">
                      <expression attribute="writable_monit" operation="eq" value="1" id="loc-enable-cluster-vip-rule-expression"/>
                    </rule>
                  </rsc_location>
                  <rsc_location id="loc-no-cluster-vip" rsc="cl_cluster_vip">
                    <rule score="-INFINITY" id="loc-no-cluster-vip-rule">
                      <expression attribute="writable_monit" operation="eq" value="0" id="loc-no-cluster-vip-rule-expression"/>
                    </rule>
                  </rsc_location>
                  <rsc_location id="loc-no-reads" rsc="cl_reader_vip">
                    <rule score="-inf" boolean-op="and" id="loc-no-reads-rule">
                      <expression attribute="readable" operation="eq" value="0" id="loc-no-reads-rule-not-defined"/>
                    </rule>
                  </rsc_location>
            """);
        CibRewrite r = CibRewriter.rewrite("t", xml);
        String expected = xml
                .replace("        <rule score=\"-INFINITY\" id=\"loc-no-cluster-vip-rule\">\n",
                        "        <rule score=\"-INFINITY\" id=\"loc-no-cluster-vip-rule\" boolean-op=\"or\">\n"
                        + "          <expression attribute=\"writable_monit\" operation=\"not_defined\""
                        + " id=\"loc-no-cluster-vip-rule-not-defined\"/>\n")
                .replace("        <rule score=\"-inf\" boolean-op=\"and\" id=\"loc-no-reads-rule\">\n",
                        "        <rule score=\"-inf\" boolean-op=\"or\" id=\"loc-no-reads-rule\">\n"
                        + "          <expression attribute=\"readable\" operation=\"not_defined\""
                        + " id=\"loc-no-reads-rule-not-defined-1\"/>\n");
        assertEquals(xml.lines().count() + 2, expected.lines().count(), "both rules found in the input");
        assertEquals(expected, r.rewritten());
        assertEquals(List.of(
                "loc-no-cluster-vip: rule loc-no-cluster-vip-rule \"-inf: writable_monit eq 0\" -> \"-inf: not_defined"
                        + " writable_monit or writable_monit eq 0\": a node that has just joined has no writable_monit until"
                        + " its monitor writes it, and the old rule let it take VIP buckets before its database was up",
                "loc-no-reads: rule loc-no-reads-rule \"-inf: readable eq 0\" -> \"-inf: not_defined readable or readable"
                        + " eq 0\": a node that has just joined has no readable until its monitor writes it, and the old"
                        + " rule let it take VIP buckets before its database was up"),
                r.changes().stream().map(CibChange::describe).toList());
        assertEquals(List.of(), r.warnings());
        assertEquals(expected, CibRewriter.rewrite("t", expected).rewritten(), "a safe rule is left as it is");
        assertEquals(List.of(), CibRewriter.rewrite("t", expected).changes());
    }

    @Test
    void rulesOnOtherAttributesOrWithoutAMonitorAreLeftAlone() {
        String constraints = """
                  <rsc_location id="l1" rsc="c">
                    <rule score="-INFINITY" id="l1-rule">
                      <expression attribute="pingd" operation="eq" value="0" id="l1-rule-expression"/>
                    </rule>
                  </rsc_location>
                  <rsc_location id="l2" rsc="c">
                    <rule score="-INFINITY" id="l2-rule" boolean-op="and">
                      <expression attribute="writable_monit" operation="eq" value="0" id="l2-rule-expression"/>
                      <expression attribute="pingd" operation="eq" value="0" id="l2-rule-expression-0"/>
                    </rule>
                  </rsc_location>
                  <rsc_location id="l3" rsc="c">
                    <rule score="-100" id="l3-rule">
                      <expression attribute="writable_monit" operation="eq" value="0" id="l3-rule-expression"/>
                    </rule>
                  </rsc_location>
            """;
        String withMonitor = cibWithConstraints(MONITOR, constraints);
        assertEquals(withMonitor, CibRewriter.rewrite("t", withMonitor).rewritten());
        String withoutMonitor = cibWithConstraints("", constraints.replace("pingd", "writable_monit"));
        assertEquals(withoutMonitor, CibRewriter.rewrite("t", withoutMonitor).rewritten());
    }
}
