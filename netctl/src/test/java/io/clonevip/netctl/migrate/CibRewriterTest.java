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
}
