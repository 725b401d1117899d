package io.clonevip.bench;

import io.clonevip.lab.e2e.E2eLab;
import java.nio.file.Path;
import java.util.List;

/** The configuration files of the comparison's balancers ({@link CompareBalancers}): HAProxy's and keepalived's, as their users write them. */
final class BalancerConfigs {
    private BalancerConfigs() {}

    /** HAProxy's configuration for Galera as its users write it: TCP mode, every member a server. */
    static String haproxy(Path statsSocket, String balance, CompareBalancers.Check check) {
        StringBuilder b = new StringBuilder();
        b.append("""
                global
                    maxconn 4096
                    stats socket %s mode 600 level admin
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 60s
                    timeout server 60s
                    retries 3
                    option redispatch
                listen galera
                    bind :3306
                    balance %s
                    option tcpka
                """.formatted(statsSocket, balance));
        if (check == CompareBalancers.Check.MYSQL_CHECK) {
            b.append("    option mysql-check user haproxy post-41\n");
            b.append("    default-server inter 2s rise 2 fall 3 on-marked-down shutdown-sessions\n");
        } else {
            b.append("    option httpchk\n    http-check expect status 200\n");
            b.append("    default-server port ").append(CompareBalancers.CHECK_PORT).append(" inter 2s rise 2 fall 3 on-marked-down shutdown-sessions\n");
        }
        for (int n = 1; n <= 3; n++) {
            b.append("    server node").append(n).append(' ').append(E2eLab.nodeAddress(n)).append(":3306 check\n");
        }
        return b.toString();
    }

    /**
     * keepalived's configuration: one VRRP instance, every peer in BACKUP with its priority (the
     * highest healthy one preempts), unicast to the lab addresses, advert every 1 s, the VIP on eth0,
     * tracking one check script (fall 2, rise 2; a failing check is FAULT: the VIP is released).
     */
    static String keepalived(String routerId, String check, String script, String timing, int vrid, int priority, String self,
                             List<String> peers, String vip) {
        return """
                global_defs {
                    router_id %s
                    script_user root
                }
                vrrp_script %s {
                    script "%s"
                    %s
                    fall 2
                    rise 2
                }
                vrrp_instance vi_%d {
                    state BACKUP
                    interface eth0
                    virtual_router_id %d
                    priority %d
                    advert_int 1
                    unicast_src_ip %s
                    unicast_peer {
                        %s
                    }
                    virtual_ipaddress {
                        %s/24 dev eth0
                    }
                    track_script {
                        %s
                    }
                }
                """.formatted(routerId, check, script, timing, vrid, vrid, priority, self, String.join("\n        ", peers), vip, check);
    }
}
