#!/bin/sh
# Installs clonevip's OCF agents from a built tree; builds nothing (run `mvn package` first).
#   <LIBDIR>/lib/*.jar            the agents jar and its runtime dependencies (agents/target/lib)
#   <LIBDIR>/meta-data/<A>.xml    each agent's meta-data, rendered once here (answered without a JVM)
#   <LIBDIR>/aot/<A>.aot          JDK AOT cache per agent, only with AOT=1 and no DESTDIR
#   <OCFDIR>/<A>                  entry script from agents/src/main/sh/ocf-agent.in, mode 755
#   <CONFDIR>/java-home           the JDK 25 the entry scripts run
#   <LIBDIR>/bin/clonevip-agentd  the resident helper in the foreground (agents/src/main/sh/clonevip-agentd.in)
#   <SYSTEMDUNITDIR>/clonevip-agentd.service  its unit (AGENTD_UNIT=1; not started unless AGENTD_START=1,
#                                 restarted when it was running, so that it runs the jars just installed)
#   <LIBDIR>/install.manifest     every file and directory created, for scripts/uninstall.sh
#   <LIBDIR>/installed<CONFDIR>/java-home  java-home as written, to tell later whether it was edited
#   <LIBDIR>/saved/<path>         a file that was at <path> before (not clonevip's), moved aside; uninstall.sh puts
#                                 it back. <CONFDIR>/java-home is configuration: one that is there is kept, not
#                                 replaced, and uninstall.sh removes it only when it is unchanged since install.
# Temporary files: one private directory from `mktemp -d` (TMPDIR), removed at exit.
# Agents: those in the jars' META-INF/services/io.clonevip.ocf.OcfAgent (io.clonevip.ocf.AgentCatalog).
# netctl, when built (NETCTL_TARGET, default netctl/target): <LIBDIR>/netctl/*.jar, launcher <BINDIR>/netctl
#   (/usr/sbin) from netctl/src/main/sh/netctl.in, man pages <MANDIR>/man1 (/usr/share/man; rendered from the
#   generated AsciiDoc when asciidoctor is installed), bash completion <COMPLETIONDIR>/netctl. NETCTL=1/0
#   forces it on/off; by default it is on for a DESTDIR or default-LIBDIR install and off otherwise (a test
#   install into a private LIBDIR must not write /usr/sbin).
# Environment (defaults): DESTDIR (none: staging root prepended to every path written),
#   LIBDIR (/usr/lib/clonevip), CONFDIR (/etc/clonevip), OCFDIR (/usr/lib/ocf/resource.d/clonevip),
#   JDK_HOME (JAVA_HOME if it is 25 or later, else /usr/lib/jvm/*25*), AGENTS_TARGET (agents/target),
#   EXTRA_JARS (more jars for lib/, space separated, e.g. a test agent), AOT (0),
#   AGENTD_AGENTS ("IPaddr3 mysql_monitor": agents whose entry script asks clonevip-agentd first; of
#   mysql_monitor only monitor, without its password: io.clonevip.ocf.agentd.ResidentPolicy),
#   AGENTD_RUNDIR (/run/clonevip/agentd), SYSTEMDUNITDIR (/usr/lib/systemd/system), AGENTD_UNIT (1 for a
#   DESTDIR or default-LIBDIR install, else 0), AGENTD_START (0; 1: systemctl enable --now the unit).
# Installing again first uninstalls what the previous install's manifest lists.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
DESTDIR=${DESTDIR:-}
LIBDIR=${LIBDIR:-/usr/lib/clonevip}
CONFDIR=${CONFDIR:-/etc/clonevip}
OCFDIR=${OCFDIR:-/usr/lib/ocf/resource.d/clonevip}
AGENTS_TARGET=${AGENTS_TARGET:-$root/agents/target}
EXTRA_JARS=${EXTRA_JARS:-}
AOT=${AOT:-0}
template=$root/agents/src/main/sh/ocf-agent.in
NETCTL_TARGET=${NETCTL_TARGET:-$root/netctl/target}
BINDIR=${BINDIR:-/usr/sbin}
MANDIR=${MANDIR:-/usr/share/man}
COMPLETIONDIR=${COMPLETIONDIR:-/usr/share/bash-completion/completions}
if [ -n "$DESTDIR" ] || [ "$LIBDIR" = /usr/lib/clonevip ]; then NETCTL=${NETCTL:-1}; else NETCTL=${NETCTL:-0}; fi
AGENTD_AGENTS=${AGENTD_AGENTS:-IPaddr3 mysql_monitor}
AGENTD_RUNDIR=${AGENTD_RUNDIR:-/run/clonevip/agentd}
SYSTEMDUNITDIR=${SYSTEMDUNITDIR:-/usr/lib/systemd/system}
if [ -n "$DESTDIR" ] || [ "$LIBDIR" = /usr/lib/clonevip ]; then AGENTD_UNIT=${AGENTD_UNIT:-1}; else AGENTD_UNIT=${AGENTD_UNIT:-0}; fi
AGENTD_START=${AGENTD_START:-0}
case $AGENTD_RUNDIR in /*/*) ;; *) echo "install: AGENTD_RUNDIR must be an absolute path below /" >&2; exit 1 ;; esac

die() { echo "install: $*" >&2; exit 1; }

java_major() { # $1 = JDK home; prints its feature version, or nothing
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}
is_jdk25() {
    [ -x "$1/bin/java" ] || return 1
    v=$(java_major "$1")
    [ -n "$v" ] && [ "$v" -ge 25 ]
}
jdk=${JDK_HOME:-}
if [ -z "$jdk" ] && [ -n "${JAVA_HOME:-}" ] && is_jdk25 "$JAVA_HOME"; then jdk=$JAVA_HOME; fi
if [ -z "$jdk" ]; then
    for d in /usr/lib/jvm/*25*; do
        if is_jdk25 "$d"; then jdk=$d; break; fi
    done
fi
[ -n "$jdk" ] && is_jdk25 "$jdk" || die "no JDK 25 or later found (set JDK_HOME)"

agents_jar=
for j in "$AGENTS_TARGET"/agents-*.jar; do
    case $j in *-tests.jar|*-sources.jar|*-javadoc.jar|*'*'*) continue ;; esac
    [ -z "$agents_jar" ] || die "more than one agents jar in $AGENTS_TARGET"
    agents_jar=$j
done
[ -n "$agents_jar" ] || die "no agents jar in $AGENTS_TARGET: run 'mvn -pl agents -am package' first"
[ -d "$AGENTS_TARGET/lib" ] || die "no $AGENTS_TARGET/lib (runtime dependencies): run 'mvn -pl agents -am package' first"
for j in $EXTRA_JARS; do [ -f "$j" ] || die "extra jar $j not found"; done

if [ -f "$DESTDIR$LIBDIR/install.manifest" ]; then
    # a running clonevip-agentd stays up (and enabled) across the re-install; restarted at the end
    DESTDIR=$DESTDIR LIBDIR=$LIBDIR AGENTD_REINSTALL=1 sh "$here/uninstall.sh"
fi

[ -z "$DESTDIR" ] || mkdir -p "$DESTDIR"
# Every temporary file lives in this private directory (mode 700, a fresh random name): nothing
# is written to or read from a guessable name in the shared TMPDIR, where another user could have
# put a symbolic link or a FIFO.
work=$(mktemp -d) || die "cannot create a temporary directory"
manifest=$work/manifest
: > "$manifest"
# the manifest is saved even when a later step fails, so that uninstall.sh can clean up
save_manifest() {
    if [ -d "$DESTDIR$LIBDIR" ]; then cp "$manifest" "$DESTDIR$LIBDIR/install.manifest"; fi
}
trap 'save_manifest; rm -rf "$work"' EXIT

mkdirs() { # $1 = final path: creates it and its missing parents under DESTDIR, recorded
    [ -d "$DESTDIR$1" ] && return 0
    mkdirs "$(dirname "$1")"
    mkdir -m 755 "$DESTDIR$1"
    echo "d $1" >> "$manifest"
}
claim() { # $1 = final path of a file this install writes: recorded; what is there already moves aside
    if [ -e "$DESTDIR$1" ] || [ -L "$DESTDIR$1" ]; then
        # not ours (the previous install's files are gone by now): uninstall.sh puts it back
        saved=$LIBDIR/saved$1
        if [ -e "$DESTDIR$saved" ] || [ -L "$DESTDIR$saved" ]; then
            die "$DESTDIR$1 is there and so is a saved copy $DESTDIR$saved: move one of them away first"
        fi
        mkdirs "$(dirname "$saved")"
        echo "s $1" >> "$manifest"
        mv "$DESTDIR$1" "$DESTDIR$saved"
        echo "install: $1 was there (not installed by clonevip): moved to $saved, uninstall.sh puts it back"
    fi
    echo "f $1" >> "$manifest"
}
put() { # $1 = source file, $2 = final path, $3 = mode
    mkdirs "$(dirname "$2")"
    claim "$2"
    cp "$1" "$DESTDIR$2"
    chmod "$3" "$DESTDIR$2"
}

mkdirs "$LIBDIR"
for j in "$agents_jar" "$AGENTS_TARGET"/lib/*.jar $EXTRA_JARS; do
    if [ -f "$j" ]; then put "$j" "$LIBDIR/lib/$(basename "$j")" 644; fi
done
save_manifest

# java-home is configuration: an existing one (an administrator's choice, or kept by uninstall.sh
# because it was edited) stays as it is; uninstall.sh removes ours only while it is unchanged.
if [ -e "$DESTDIR$CONFDIR/java-home" ] || [ -L "$DESTDIR$CONFDIR/java-home" ]; then
    kept=
    if [ -f "$DESTDIR$CONFDIR/java-home" ]; then IFS= read -r kept < "$DESTDIR$CONFDIR/java-home" || :; fi
    echo "install: kept $CONFDIR/java-home ('$kept'); to record $jdk instead, remove it and install again"
    if [ -z "$DESTDIR" ] && ! is_jdk25 "$kept"; then
        echo "install: warning: $CONFDIR/java-home does not name a JDK 25 or later: the agents use the first /usr/lib/jvm/*25*" >&2
    fi
else
    printf '%s\n' "$jdk" > "$work/java-home"
    # the copy as installed, under LIBDIR: uninstall.sh removes the configuration only while it is
    # the same (cmp), and this copy with it
    put "$work/java-home" "$LIBDIR/installed$CONFDIR/java-home" 644
    mkdirs "$CONFDIR"
    echo "c $CONFDIR/java-home" >> "$manifest"
    cp "$work/java-home" "$DESTDIR$CONFDIR/java-home"
    chmod 644 "$DESTDIR$CONFDIR/java-home"
fi
save_manifest

java() { "$jdk/bin/java" -Xlog:disable -Xlog:all=warning:stderr -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -XX:-UsePerfData "$@"; }
# What identifies these jars (io.clonevip.ocf.agentd.BuildId, the daemon's own computation); the
# entry scripts only use a clonevip-agentd that runs the same.
agentd_build=$(java -cp "$DESTDIR$LIBDIR/lib/*" io.clonevip.ocf.agentd.BuildId "$DESTDIR$LIBDIR") || agentd_build=
case $agentd_build in *[!0-9a-f]* | '') die "cannot fingerprint $DESTDIR$LIBDIR/lib" ;; esac
agentd_allow=
catalog=$(java -cp "$DESTDIR$LIBDIR/lib/*" io.clonevip.ocf.AgentCatalog) || die "cannot list the agents"
printf '%s\n' "$catalog" > "$work/catalog"
while read -r name class <&5; do
    [ -n "$name" ] || continue
    case $name in *[!A-Za-z0-9_-]*) die "bad agent name '$name'" ;; esac
    java -cp "$DESTDIR$LIBDIR/lib/*" io.clonevip.ocf.OcfMain "$class" meta-data > "$work/meta-data.xml" \
        || die "meta-data of $name failed"
    put "$work/meta-data.xml" "$LIBDIR/meta-data/$name.xml" 644
    use_agentd=0
    for a in $AGENTD_AGENTS; do
        if [ "$a" = "$name" ]; then
            use_agentd=1
            agentd_allow="$agentd_allow --allow $class"
        fi
    done
    # what agentd serves of it, and the secret parameters' variables the script removes first
    java -cp "$DESTDIR$LIBDIR/lib/*" io.clonevip.ocf.agentd.ResidentPolicy "$class" > "$work/policy" \
        || die "resident policy of $name failed"
    { IFS= read -r agentd_actions; IFS= read -r agentd_secrets; } < "$work/policy"
    case $agentd_actions$agentd_secrets in *[!A-Za-z0-9_\ -]*) die "bad resident policy of $name" ;; esac
    sed -e "s|@AGENT@|$name|g" -e "s|@AGENT_CLASS@|$class|g" -e "s|@LIBDIR@|$LIBDIR|g" \
        -e "s|@CONFDIR@|$CONFDIR|g" -e "s|@AGENTD@|$use_agentd|g" -e "s|@AGENTD_RUNDIR@|$AGENTD_RUNDIR|g" \
        -e "s|@AGENTD_ACTIONS@|$agentd_actions|g" -e "s|@AGENTD_SECRETS@|$agentd_secrets|g" \
        -e "s|@AGENTD_BUILD@|$agentd_build|g" "$template" > "$work/entry"
    put "$work/entry" "$OCFDIR/$name" 755
    if [ "$AOT" = 1 ] && [ -z "$DESTDIR" ]; then
        # Training run with the very class path the entry script uses (the cache checks it):
        # validate-all without parameters loads the dispatcher, env and failure paths; its
        # exit status does not matter, the cache file does.
        mkdirs "$LIBDIR/aot"
        claim "$LIBDIR/aot/$name.aot"
        java "-XX:AOTCacheOutput=$LIBDIR/aot/$name.aot" --enable-native-access=ALL-UNNAMED -cp "$LIBDIR/lib/*" \
            io.clonevip.ocf.OcfMain "$class" validate-all > /dev/null 2>&1 || :
        [ -s "$LIBDIR/aot/$name.aot" ] || die "AOT training run of $name wrote no cache"
        chmod 644 "$LIBDIR/aot/$name.aot"
    fi
    echo "install: $OCFDIR/$name ($class)"
done 5< "$work/catalog"
if [ -n "$agentd_allow" ]; then
    sed -e "s|@LIBDIR@|$LIBDIR|g" -e "s|@CONFDIR@|$CONFDIR|g" -e "s|@AGENTD_RUNDIR@|$AGENTD_RUNDIR|g" \
        -e "s|@AGENTD_ALLOW@|${agentd_allow# }|g" "$root/agents/src/main/sh/clonevip-agentd.in" > "$work/clonevip-agentd"
    put "$work/clonevip-agentd" "$LIBDIR/bin/clonevip-agentd" 755
    echo "install: $LIBDIR/bin/clonevip-agentd (serves:$agentd_allow; run dir $AGENTD_RUNDIR)"
    if [ "$AGENTD_UNIT" = 1 ]; then
        # RuntimeDirectory= is relative to /run; empty (none) for a run dir elsewhere
        case $AGENTD_RUNDIR in /run/?*) agentd_rtdir=${AGENTD_RUNDIR#/run/} ;; *) agentd_rtdir= ;; esac
        sed -e "s|@LIBDIR@|$LIBDIR|g" -e "s|@AGENTD_RUNTIMEDIR@|$agentd_rtdir|g" \
            "$root/agents/src/main/sh/clonevip-agentd.service.in" > "$work/clonevip-agentd.service"
        put "$work/clonevip-agentd.service" "$SYSTEMDUNITDIR/clonevip-agentd.service" 644
        echo "install: $SYSTEMDUNITDIR/clonevip-agentd.service"
    fi
fi
save_manifest
netctl_jar=
for j in "$NETCTL_TARGET"/netctl-*.jar; do
    case $j in *-tests.jar|*-sources.jar|*-javadoc.jar|*'*'*) continue ;; esac
    netctl_jar=$j
done
if [ "$NETCTL" != 1 ]; then
    echo "install: netctl not installed (NETCTL=$NETCTL)"
elif [ -n "$netctl_jar" ] && [ -d "$NETCTL_TARGET/lib" ]; then
    for j in "$netctl_jar" "$NETCTL_TARGET"/lib/*.jar; do put "$j" "$LIBDIR/netctl/$(basename "$j")" 644; done
    sed -e "s|@LIBDIR@|$LIBDIR|g" -e "s|@CONFDIR@|$CONFDIR|g" "$root/netctl/src/main/sh/netctl.in" > "$work/netctl"
    put "$work/netctl" "$BINDIR/netctl" 755
    if [ -f "$NETCTL_TARGET/netctl_completion" ]; then put "$NETCTL_TARGET/netctl_completion" "$COMPLETIONDIR/netctl" 644; fi
    if command -v asciidoctor > /dev/null 2>&1; then
        for a in "$NETCTL_TARGET"/man/*.adoc; do
            [ -f "$a" ] || continue
            asciidoctor -b manpage -o "$work/man.1" "$a" || die "cannot render $a"
            put "$work/man.1" "$MANDIR/man1/$(basename "$a" .adoc).1" 644
        done
    else
        echo "install: asciidoctor not found, netctl man pages skipped (netctl --help has the same text)"
    fi
    echo "install: $BINDIR/netctl"
else
    echo "install: netctl not built ($NETCTL_TARGET), skipped"
fi
if [ "$AOT" = 1 ] && [ -n "$DESTDIR" ]; then
    echo "install: no AOT caches with DESTDIR (a cache is bound to the class path it was trained on)"
fi
save_manifest
if [ -n "$agentd_allow" ] && [ "$AGENTD_UNIT" = 1 ] && [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload || echo "install: systemctl daemon-reload failed" >&2
    if [ "$AGENTD_START" = 1 ]; then
        systemctl enable --now clonevip-agentd.service || die "cannot start clonevip-agentd.service"
        echo "install: clonevip-agentd.service enabled and started"
    elif systemctl -q is-active clonevip-agentd.service; then
        systemctl restart clonevip-agentd.service || die "cannot restart clonevip-agentd.service"
        echo "install: clonevip-agentd.service restarted (it runs the jars just installed)"
    else
        echo "install: clonevip-agentd.service not started (AGENTD_START=1 or: systemctl enable --now clonevip-agentd)"
    fi
fi
echo "install: done, JDK $jdk, manifest $DESTDIR$LIBDIR/install.manifest"
