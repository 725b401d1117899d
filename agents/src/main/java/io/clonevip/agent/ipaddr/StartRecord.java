package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.SpecComment;
import io.clonevip.ocf.OcfEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a successful start leaves for the monitor shortcut ({@code IPaddr3-monitor.sh}, run by
 * the entry script before any JVM): {@code $HA_RSCTMP/IPaddr3-<instance>.start}, shell
 * assignments of the parameters' fingerprint (every parameter and the clone meta attributes,
 * exactly as passed) and of what the kernel must hold. The shortcut answers only while the
 * fingerprint is unchanged (so the parameters are the ones start validated) and the kernel
 * state is plainly running or plainly not; anything else goes to the JVM. Stop removes the file.
 */
final class StartRecord {
    /** Fingerprinted names, in order; OCF_RESKEY_ prefix implied. Must equal the shell script's list. */
    static final List<String> FINGERPRINTED = List.of("ip", "nic", "cidr_netmask", "netmask", "broadcast", "iflabel",
            "lvs_support", "mac", "clusterip_hash", "hash_seed", "clusterip_hash_seed", "unique_clone_address",
            "arp_interval", "arp_count", "arp_bg", "arp_sender", "flush_routes", "backend", "clone_count_attribute",
            "CRM_meta_clone", "CRM_meta_clone_max", "CRM_meta_globally_unique");

    private StartRecord() {
    }

    static Path file(OcfEnv env) {
        return env.rscTmp().resolve("IPaddr3-" + env.resourceInstance().replace('/', '_') + ".start");
    }

    /** {@code |set:<value>} per set variable, {@code |} per unset one; null if a value cannot be quoted. */
    static String fingerprint(OcfEnv env) {
        StringBuilder fp = new StringBuilder();
        for (String name : FINGERPRINTED) {
            fp.append('|');
            String v = env.variable("OCF_RESKEY_" + name).orElse(null);
            if (v != null) {
                if (v.indexOf('\'') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('|') >= 0) {
                    return null;
                }
                fp.append("set:").append(v);
            }
        }
        return fp.toString();
    }

    static void single(OcfEnv env, VipSettings s, String nic) {
        Map<String, String> r = base(env, s, nic, "single");
        if (r != null) {
            write(env, r);
        }
    }

    static void clone(OcfEnv env, VipSettings s, ClusterIpSpec spec, String attribute) {
        Map<String, String> r = base(env, s, spec.nic(), "clone");
        if (r == null) {
            return;
        }
        r.put("r_hex", String.format("0x%08x", s.bucket().bucket()));
        r.put("r_table", ClusterRuleset.tableName(spec.vip()));
        r.put("r_comment", SpecComment.format(spec));
        r.put("r_rules", Integer.toString(ClusterRuleset.of(spec).rules().size()));
        r.put("r_mac", spec.clusterMac().toString());
        r.put("r_attr", attribute == null ? "" : attribute);
        write(env, r);
    }

    private static Map<String, String> base(OcfEnv env, VipSettings s, String nic, String mode) {
        String fp = fingerprint(env);
        if (fp == null) {
            return null;
        }
        Map<String, String> r = new LinkedHashMap<>();
        r.put("r_fp", fp);
        r.put("r_mode", mode);
        r.put("r_ip", s.ip().getHostAddress());
        r.put("r_host", s.ip().getHostAddress() + (s.ip() instanceof java.net.Inet4Address ? "/32" : "/128"));
        r.put("r_nic", nic);
        return r;
    }

    private static void write(OcfEnv env, Map<String, String> r) {
        StringBuilder text = new StringBuilder("# written by IPaddr3 start, read by IPaddr3-monitor.sh\n");
        for (var e : r.entrySet()) {
            if (e.getValue().indexOf('\'') >= 0 || e.getValue().indexOf('\n') >= 0) {
                return;
            }
            text.append(e.getKey()).append("='").append(e.getValue()).append("'\n");
        }
        Path f = file(env);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), "IPaddr3-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            env.log().debug("no start record " + f + ": " + e.getMessage());
        }
    }

    static void delete(OcfEnv env) {
        try {
            Files.deleteIfExists(file(env));
        } catch (IOException e) {
            env.log().warn("could not remove " + file(env) + ": " + e.getMessage());
        }
    }
}
