#!/bin/sh
# Removes exactly what scripts/install.sh installed: the files its manifest lists, then the
# directories it created, each only if empty. Same DESTDIR and LIBDIR as the install.
# A file that was there before the install (moved aside to <LIBDIR>/saved<path>) is put back;
# configuration (java-home) that was edited since the install is kept.
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
work=$(mktemp -d) # private: no guessable name in the shared TMPDIR
trap 'rm -rf "$work"' EXIT
dirs=$work/dirs saved=$work/saved
: > "$dirs"
: > "$saved"
while IFS= read -r line; do
    path=${line#? }
    case $line in
        "f $LIBDIR/installed/"*)
            # a copy of configuration as installed: kept aside until its "c" line is read
            mkdir -p "$work/installed$(dirname "${path#"$LIBDIR/installed"}")"
            mv "$DESTDIR$path" "$work/installed${path#"$LIBDIR/installed"}" 2> /dev/null || :
            ;;
        "f "*) rm -f "$DESTDIR$path" ;;
        "d "*) printf '%s\n' "$path" >> "$dirs" ;;
        "s "*) printf '%s\n' "$path" >> "$saved" ;;
        "c "*)
            # the configuration as installed is kept under LIBDIR/installed (removed by its own "f" line,
            # which comes first); an older manifest's "c <sha256> <path>" has no such copy: kept
            case $path in *' '*) path=${path#* } ;; esac
            if [ -f "$DESTDIR$path" ] && [ ! -L "$DESTDIR$path" ] && [ -f "$work/installed$path" ] \
                && cmp -s "$work/installed$path" "$DESTDIR$path"; then
                rm -f "$DESTDIR$path"
            elif [ ! -f "$work/installed$path" ] && { [ -e "$DESTDIR$path" ] || [ -L "$DESTDIR$path" ]; }; then
                echo "uninstall: kept $DESTDIR$path (an older install.sh's: whether it was edited is not known)"
            elif [ -e "$DESTDIR$path" ] || [ -L "$DESTDIR$path" ]; then
                echo "uninstall: kept $DESTDIR$path (changed since the install)"
            fi
            ;;
        *) echo "uninstall: ignoring manifest line '$line'" >&2 ;;
    esac
done < "$manifest"
# what the install moved aside goes back where it was, once the installed files are gone
while IFS= read -r path; do
    copy=$DESTDIR$LIBDIR/saved$path
    if [ ! -e "$copy" ] && [ ! -L "$copy" ]; then
        echo "uninstall: no saved copy of $DESTDIR$path ($copy missing)" >&2
    elif [ -e "$DESTDIR$path" ] || [ -L "$DESTDIR$path" ]; then
        echo "uninstall: $DESTDIR$path is there again: its earlier version stays in $copy" >&2
    else
        mv "$copy" "$DESTDIR$path"
    fi
done < "$saved"
rm -f "$manifest"
# deepest first: the manifest lists parents before children
sed -n '1!G;h;$p' "$dirs" | while IFS= read -r d; do
    rmdir "$DESTDIR$d" 2>/dev/null || echo "uninstall: kept $DESTDIR$d (not empty)"
done
if [ "${reload_systemd:-0}" = 1 ]; then systemctl daemon-reload || :; fi
echo "uninstall: done"
