package io.clonevip.clusterip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.nativ.bind.ip_tables_h;
import io.clonevip.nativ.bind.ipt_CLUSTERIP_h;
import io.clonevip.nativ.bind.ipt_clusterip_tgt_info;
import io.clonevip.nativ.bind.ipt_entry;
import io.clonevip.nativ.bind.ipt_get_entries;
import io.clonevip.nativ.bind.ipt_getinfo;
import io.clonevip.nativ.bind.ipt_ip;
import io.clonevip.nativ.bind.ipt_replace;
import io.clonevip.nativ.bind.xt_counters;
import io.clonevip.nativ.bind.xt_counters_info;
import io.clonevip.nativ.bind.xt_entry_match;
import io.clonevip.nativ.bind.xt_entry_target;
import io.clonevip.nativ.bind.xt_error_target;
import io.clonevip.nativ.bind.xt_standard_target;
import io.clonevip.testkit.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written iptables ABI bindings against the system's UAPI headers, compiled by gcc. */
class IptLayoutTest {

    @Test
    void layoutsAndConstantsMatchTheKernelHeaders() throws Exception {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("sizeof(struct ipt_ip)", ipt_ip.sizeof());
        java.put("offsetof(struct ipt_ip, dst)", ipt_ip.dst$offset());
        java.put("offsetof(struct ipt_ip, dmsk)", ipt_ip.dmsk$offset());
        java.put("offsetof(struct ipt_ip, iniface)", ipt_ip.iniface$offset());
        java.put("offsetof(struct ipt_ip, iniface_mask)", ipt_ip.iniface_mask$offset());
        java.put("offsetof(struct ipt_ip, proto)", ipt_ip.proto$offset());
        java.put("offsetof(struct ipt_ip, invflags)", ipt_ip.invflags$offset());
        java.put("sizeof(struct xt_counters)", xt_counters.sizeof());
        java.put("sizeof(struct ipt_entry)", ipt_entry.sizeof());
        java.put("offsetof(struct ipt_entry, nfcache)", ipt_entry.nfcache$offset());
        java.put("offsetof(struct ipt_entry, target_offset)", ipt_entry.target_offset$offset());
        java.put("offsetof(struct ipt_entry, next_offset)", ipt_entry.next_offset$offset());
        java.put("offsetof(struct ipt_entry, comefrom)", ipt_entry.comefrom$offset());
        java.put("offsetof(struct ipt_entry, counters)", ipt_entry.counters$offset());
        java.put("offsetof(struct ipt_entry, elems)", ipt_entry.elems$offset());
        java.put("sizeof(struct xt_entry_target)", xt_entry_target.sizeof());
        java.put("offsetof(struct xt_entry_target, u.user.name)", xt_entry_target.name$offset());
        java.put("offsetof(struct xt_entry_target, u.user.revision)", xt_entry_target.revision$offset());
        java.put("offsetof(struct xt_entry_target, data)", xt_entry_target.data$offset());
        java.put("sizeof(struct xt_entry_match)", xt_entry_match.sizeof());
        java.put("offsetof(struct xt_entry_match, u.user.revision)", xt_entry_match.revision$offset());
        java.put("sizeof(struct xt_standard_target)", xt_standard_target.sizeof());
        java.put("offsetof(struct xt_standard_target, verdict)", xt_standard_target.verdict$offset());
        java.put("sizeof(struct xt_error_target)", xt_error_target.sizeof());
        java.put("offsetof(struct xt_error_target, errorname)", xt_error_target.errorname$offset());
        java.put("sizeof(struct ipt_getinfo)", ipt_getinfo.sizeof());
        java.put("offsetof(struct ipt_getinfo, hook_entry)", ipt_getinfo.hook_entry$offset());
        java.put("offsetof(struct ipt_getinfo, underflow)", ipt_getinfo.underflow$offset());
        java.put("offsetof(struct ipt_getinfo, num_entries)", ipt_getinfo.num_entries$offset());
        java.put("offsetof(struct ipt_getinfo, size)", ipt_getinfo.size$offset());
        java.put("sizeof(struct ipt_get_entries)", ipt_get_entries.sizeof());
        java.put("offsetof(struct ipt_get_entries, entrytable)", ipt_get_entries.entrytable$offset());
        java.put("sizeof(struct ipt_replace)", ipt_replace.sizeof());
        java.put("offsetof(struct ipt_replace, hook_entry)", ipt_replace.hook_entry$offset());
        java.put("offsetof(struct ipt_replace, underflow)", ipt_replace.underflow$offset());
        java.put("offsetof(struct ipt_replace, num_counters)", ipt_replace.num_counters$offset());
        java.put("offsetof(struct ipt_replace, counters)", ipt_replace.counters$offset());
        java.put("offsetof(struct ipt_replace, entries)", ipt_replace.entries$offset());
        java.put("sizeof(struct xt_counters_info)", xt_counters_info.sizeof());
        java.put("offsetof(struct xt_counters_info, counters)", xt_counters_info.counters$offset());
        java.put("sizeof(struct ipt_clusterip_tgt_info)", ipt_clusterip_tgt_info.sizeof());
        java.put("offsetof(struct ipt_clusterip_tgt_info, clustermac)", ipt_clusterip_tgt_info.clustermac$offset());
        java.put("offsetof(struct ipt_clusterip_tgt_info, num_total_nodes)", ipt_clusterip_tgt_info.num_total_nodes$offset());
        java.put("offsetof(struct ipt_clusterip_tgt_info, local_nodes)", ipt_clusterip_tgt_info.local_nodes$offset());
        java.put("offsetof(struct ipt_clusterip_tgt_info, hash_mode)", ipt_clusterip_tgt_info.hash_mode$offset());
        java.put("offsetof(struct ipt_clusterip_tgt_info, hash_initval)", ipt_clusterip_tgt_info.hash_initval$offset());
        java.put("offsetof(struct ipt_clusterip_tgt_info, config)", ipt_clusterip_tgt_info.config$offset());
        java.put("IPT_SO_SET_REPLACE", (long) ip_tables_h.IPT_SO_SET_REPLACE());
        java.put("IPT_SO_SET_ADD_COUNTERS", (long) ip_tables_h.IPT_SO_SET_ADD_COUNTERS());
        java.put("IPT_SO_GET_INFO", (long) ip_tables_h.IPT_SO_GET_INFO());
        java.put("IPT_SO_GET_ENTRIES", (long) ip_tables_h.IPT_SO_GET_ENTRIES());
        java.put("NF_INET_LOCAL_IN", (long) ip_tables_h.NF_INET_LOCAL_IN());
        java.put("NF_INET_NUMHOOKS", (long) ip_tables_h.NF_INET_NUMHOOKS());
        java.put("XT_RETURN", (long) ip_tables_h.XT_RETURN());
        java.put("(int) XT_CONTINUE", (long) ip_tables_h.XT_CONTINUE());
        java.put("XT_EXTENSION_MAXNAMELEN", (long) ip_tables_h.XT_EXTENSION_MAXNAMELEN());
        java.put("XT_FUNCTION_MAXNAMELEN", (long) ip_tables_h.XT_FUNCTION_MAXNAMELEN());
        java.put("XT_ALIGN(37)", ip_tables_h.XT_ALIGN(37));
        java.put("IPT_F_GOTO", (long) ip_tables_h.IPT_F_GOTO());
        java.put("CLUSTERIP_MAX_NODES", (long) ipt_CLUSTERIP_h.CLUSTERIP_MAX_NODES());
        java.put("CLUSTERIP_FLAG_NEW", (long) ipt_CLUSTERIP_h.CLUSTERIP_FLAG_NEW());
        java.put("CLUSTERIP_HASHMODE_SIP_SPT_DPT", (long) ipt_CLUSTERIP_h.CLUSTERIP_HASHMODE_SIP_SPT_DPT());

        Path dir = Files.createTempDirectory("cvt-iptlayout-");
        try {
            StringBuilder c = new StringBuilder("""
                    #include <stdio.h>
                    #include <stddef.h>
                    #include <net/if.h>
                    #include <linux/netfilter_ipv4/ip_tables.h>
                    #include <linux/netfilter_ipv4/ipt_CLUSTERIP.h>
                    int main(void) {
                    """);
            for (String expr : java.keySet()) c.append("  printf(\"%lld\\n\", (long long) (").append(expr).append("));\n");
            c.append("  return 0;\n}\n");
            Files.writeString(dir.resolve("probe.c"), c);
            Cmd.ok("gcc", "-o", dir.resolve("probe").toString(), dir.resolve("probe.c").toString());
            String[] lines = Cmd.ok(dir.resolve("probe").toString()).strip().split("\n");
            int i = 0;
            for (Map.Entry<String, Long> e : java.entrySet()) {
                assertEquals(Long.parseLong(lines[i++].strip()), e.getValue(), e.getKey());
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }
}
