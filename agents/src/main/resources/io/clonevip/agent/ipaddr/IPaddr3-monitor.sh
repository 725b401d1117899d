# IPaddr3 monitor shortcut (POSIX sh), sourced by the entry script before it starts a JVM:
#     if [ "$1" = monitor ] && [ -r "$libdir/IPaddr3-monitor.sh" ]; then . "$libdir/IPaddr3-monitor.sh"; fi
# It exits with the answer when it can give it cheaply and for sure, and returns (the JVM
# then runs the full monitor) in every other case. It trusts only what the last successful
# start of this instance recorded in $HA_RSCTMP/IPaddr3-<instance>.start (StartRecord.java):
# the parameters' fingerprint must be unchanged, so they are the ones start validated.
#   single VIP: the address on the NIC → 0, not there → 7
#   clone:      no ruleset or this bucket not local → 7 (whatever the node serves besides);
#               ruleset as recorded (spec comment, rule count, ARP table, set cv_local), bucket local,
#               address and cluster MAC membership present → 0; anything else → the JVM
#               (partial states get their precise reason there)
# The clone count attribute is published as the JVM does (read, write when changed).
ipaddr3_monitor() {
    r_file="${HA_RSCTMP:-/run/resource-agents}/IPaddr3-${OCF_RESOURCE_INSTANCE:-undef}.start"
    [ -r "$r_file" ] || return 0
    r_fp=; r_mode=; r_ip=; r_host=; r_nic=; r_hex=; r_table=; r_comment=; r_rules=; r_mac=; r_attr=
    . "$r_file" || return 0
    fp=
    for n in ip nic cidr_netmask netmask broadcast iflabel lvs_support mac clusterip_hash hash_seed \
            clusterip_hash_seed unique_clone_address arp_interval arp_count arp_bg arp_sender flush_routes \
            backend clone_count_attribute CRM_meta_clone CRM_meta_clone_max CRM_meta_globally_unique; do
        eval "fp=\"\$fp|\${OCF_RESKEY_$n+set:}\${OCF_RESKEY_$n-}\""
    done
    [ "$fp" = "$r_fp" ] || return 0
    addr=$(ip -o addr show dev "$r_nic" to "$r_host" 2>/dev/null) || return 0
    if [ "$r_mode" = single ]; then
        [ -n "$addr" ] && exit 0
        exit 7
    fi
    [ "$r_mode" = clone ] || return 0
    rs=$(nft list ruleset 2>/dev/null) || return 0
    case $rs in
        *"table inet $r_table {"*) ;;
        *) ipaddr3_publish 0; exit 7 ;;
    esac
    inet=${rs#*"table inet $r_table {"}
    inet=${inet%%"table "*}
    # the set of this node's buckets (ClusterRuleset.SET_LOCAL); a table without it (one
    # written by an older build, before its next write renames it) goes to the JVM
    local_set=${inet#*"set cv_local {"}
    [ "$local_set" != "$inet" ] || return 0
    local_set=${local_set%%"}"*}
    count=0; t=$local_set
    while :; do
        case $t in *0x*) count=$((count + 1)); t=${t#*0x} ;; *) break ;; esac
    done
    case $local_set in
        *"$r_hex"*) ;;
        *) ipaddr3_publish "$count"; exit 7 ;;
    esac
    case $inet in *"comment \"$r_comment\""*) ;; *) return 0 ;; esac
    rules=0; t=$inet
    while :; do
        case $t in *"ip daddr $r_ip "*) rules=$((rules + 1)); t=${t#*"ip daddr $r_ip "} ;; *) break ;; esac
    done
    [ "$rules" = "$r_rules" ] || return 0
    arp=${rs#*"table arp $r_table {"}
    [ "$arp" != "$rs" ] || return 0
    case ${arp%%"table "*} in *"arp saddr ether set $r_mac "*) ;; *) return 0 ;; esac
    [ -n "$addr" ] || return 0
    maddr=$(ip maddr show dev "$r_nic" 2>/dev/null) || return 0
    case $maddr in *"link  $r_mac static"*) ;; *) return 0 ;; esac
    ipaddr3_publish "$count"
    exit 0
}

# The clone count attribute, written only when it differs (attrd_updater; no cluster → skipped).
ipaddr3_publish() {
    [ -n "$r_attr" ] || return 0
    set -- "$1"
    if [ -n "${OCF_RESKEY_CRM_meta_on_node:-}" ]; then set -- "$1" -N "$OCF_RESKEY_CRM_meta_on_node"; fi
    v=$(attrd_updater -n "$r_attr" -Q ${2:+"$2"} ${3:+"$3"} 2>/dev/null)
    case $? in
        0) v=${v##*value=\"}; v=${v%%\"*}; [ "$v" = "$1" ] && return 0 ;;
        78) ;;
        *) return 0 ;;
    esac
    attrd_updater -n "$r_attr" -U "$1" ${2:+"$2"} ${3:+"$3"} >/dev/null 2>&1 || :
}

ipaddr3_monitor
