#!/bin/sh
# clustercheck.sh: a Galera member's health as the usual HAProxy-in-front-of-Galera setups check
# it (Percona's clustercheck behind xinetd on port 9200, or a keepalived vrrp_script): one
# mariadb CLI run, so one new server connection, per check. Healthy only when the member is
# Synced (wsrep_local_state 4); Donor/Desynced (2) is unhealthy, as with clustercheck's default
# (available_when_donor=0); no answer within 2 s is unhealthy. Written for bench/compare.sh
# (docs/measurements/compare.md); the behaviour follows clustercheck's documentation, not its code.
# Usage: clustercheck.sh http CNF   an HTTP/1.1 response on stdout, 200 or 503 (socat on port 9200)
#        clustercheck.sh exit CNF   exit status 0 or 1 (keepalived's vrrp_script)
# CNF: a client option file holding the account (mode 600: the password is never on a command line).
mode=${1:?usage: clustercheck.sh http|exit CNF}
cnf=${2:?usage: clustercheck.sh http|exit CNF}
if [ "$mode" = http ]; then   # read the request up to its blank line: closing on unread bytes would send a reset
    cr=$(printf '\r')
    while IFS= read -r line; do [ -z "$line" ] || [ "$line" = "$cr" ] && break; done
fi
state=$(mariadb --defaults-file="$cnf" -S /run/mysqld/mysqld.sock -N -B --connect-timeout=2 \
    -e "SHOW GLOBAL STATUS LIKE 'wsrep_local_state'" 2>/dev/null | cut -f2)
if [ "$state" = 4 ]; then ok=1; else ok=0; fi
if [ "$mode" = exit ]; then
    [ "$ok" = 1 ]; exit
fi
if [ "$ok" = 1 ]; then
    body="Galera node is synced."
    printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s\r\n' $((${#body} + 2)) "$body"
else
    body="Galera node is not synced (wsrep_local_state '${state:-none}')."
    printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s\r\n' $((${#body} + 2)) "$body"
fi
