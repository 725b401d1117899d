#!/bin/sh
# Removes exactly what scripts/install.sh installed: the files its manifest lists, then the
# directories it created, each only if empty. Same DESTDIR and LIBDIR as the install.
set -eu
DESTDIR=${DESTDIR:-}
LIBDIR=${LIBDIR:-/usr/lib/clonevip}
manifest=$DESTDIR$LIBDIR/install.manifest
if [ ! -f "$manifest" ]; then
    echo "uninstall: nothing to do ($manifest not found)"
    exit 0
fi
# the resident helper's unit, if this install wrote one: stopped and disabled before its files go
# (not when install.sh re-installs: it restarts a running daemon on the new jars instead)
if [ -z "$DESTDIR" ] && [ "${AGENTD_REINSTALL:-0}" != 1 ] && [ -d /run/systemd/system ] && grep -q '^f .*/clonevip-agentd\.service$' "$manifest"; then
    systemctl disable --now clonevip-agentd.service 2> /dev/null || :
    reload_systemd=1
fi
dirs=$(mktemp)
trap 'rm -f "$dirs"' EXIT
while IFS= read -r line; do
    path=${line#? }
    case $line in
        "f "*) rm -f "$DESTDIR$path" ;;
        "d "*) printf '%s\n' "$path" >> "$dirs" ;;
        *) echo "uninstall: ignoring manifest line '$line'" >&2 ;;
    esac
done < "$manifest"
rm -f "$manifest"
# deepest first: the manifest lists parents before children
sed -n '1!G;h;$p' "$dirs" | while IFS= read -r d; do
    rmdir "$DESTDIR$d" 2>/dev/null || echo "uninstall: kept $DESTDIR$d (not empty)"
done
if [ "${reload_systemd:-0}" = 1 ]; then systemctl daemon-reload || :; fi
echo "uninstall: done"
