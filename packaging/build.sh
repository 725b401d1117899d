#!/bin/sh
# Builds clonevip's Debian and RPM packages from a built tree (agents/target, netctl/target):
#   OUT/clonevip_<deb version>_amd64.deb, OUT/clonevip-<rpm version>.x86_64.rpm,
#   OUT/lintian.txt (lintian's tags for the .deb; the build fails on an error), OUT/files.txt
#   (the .deb's file list), OUT/sizes.txt (package and runtime sizes in KiB).
# What goes in (docs/user/package.md): the layout scripts/install.sh writes (DESTDIR install), a Java
# runtime made by jlink with the modules the jars need (/usr/lib/clonevip/runtime, recorded in
# the conffile /etc/clonevip/java-home), and an AOT cache per agent trained with that runtime on
# real actions: IPaddr3's validate-all, monitor, start, monitor, stop of a clone instance, in a
# throw-away network and mount namespace where the staged tree is seen at its final paths (the
# cache is valid only for the runtime and class path it was trained with); mysql_monitor's JVM
# only ever runs validate-all and meta-data (its monitor is a resident process), so those train it.
# Version: the Maven project's (argument 1); "-" becomes "~" so that a snapshot sorts before
# its release in dpkg and rpm.
# Needs root (the training's namespaces), a JDK 25 (JDK_HOME, else the first /usr/lib/jvm/*25*),
# dpkg-deb, dpkg-shlibdeps, lintian, rpmbuild, iproute2 (scripts/deps/package.list).
# Environment: MAINTAINER (who the packages name), SOURCE_DATE_EPOCH (the changelog's date).
# Usage: packaging/build.sh MAVEN_VERSION OUT
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
die() { echo "package: $*" >&2; exit 1; }
step() { echo "package: $(date -u +%T) $*"; }
[ $# -eq 2 ] || die "usage: packaging/build.sh MAVEN_VERSION OUT"
mvn_version=$1
out=$2
case $mvn_version in '' | *[!A-Za-z0-9.+-]*) die "bad version '$mvn_version'" ;; esac
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
[ "$(id -u)" = 0 ] || die "root is needed (the AOT training runs agents in a throw-away network namespace)"
for t in dpkg-deb dpkg-shlibdeps lintian rpmbuild ip unshare; do
    command -v "$t" > /dev/null 2>&1 || die "$t not found: run 'sh scripts/setup-host.sh' (scripts/deps/package.list)"
done
jdk=${JDK_HOME:-}
if [ -z "$jdk" ]; then
    for d in /usr/lib/jvm/*25*; do
        if [ -x "$d/bin/jlink" ]; then jdk=$d; break; fi
    done
fi
[ -n "$jdk" ] && [ -x "$jdk/bin/jlink" ] || die "no JDK 25 with jlink found (set JDK_HOME)"
version=$(printf '%s' "$mvn_version" | tr '-' '~')
maintainer=${MAINTAINER:-clonevip maintainers <clonevip@users.noreply.github.com>}
LIBDIR=/usr/lib/clonevip
CONFDIR=/etc/clonevip
# The runtime's modules: what `jdeps --print-module-deps` finds in the jars, less java.desktop,
# which only JNA's AWT helpers use (mysql_monitor uses JNA for unix sockets, never AWT).
MODULES=java.base,java.logging,java.management,java.naming,java.security.jgss,java.sql,java.xml,jdk.net

rm -rf "$out"
mkdir -p "$out"
stage=$out/root
work=$out/work
mkdir -p "$stage" "$work"

step "install layout"
# 1. the installed layout, as scripts/install.sh writes it; java-home names the bundled runtime
mkdir -p "$stage$CONFDIR"
printf '%s\n' "$LIBDIR/runtime" > "$stage$CONFDIR/java-home"
chmod 644 "$stage$CONFDIR/java-home"
DESTDIR=$stage LIBDIR=$LIBDIR CONFDIR=$CONFDIR JDK_HOME=$jdk SYSTEMDUNITDIR=/usr/lib/systemd/system \
    sh "$root/scripts/install.sh" > "$work/install.log" || { cat "$work/install.log" >&2; die "install.sh failed"; }
# dpkg and rpm keep the file list; no copy of configuration is needed to tell an edit (conffiles)
rm -rf "${stage:?}$LIBDIR/install.manifest" "${stage:?}$LIBDIR/installed"
[ -f "$stage/usr/sbin/netctl" ] || die "netctl was not installed (build it: mvn -pl netctl -am package)"
ls "$stage/usr/share/man/man1/"*.1 > /dev/null 2>&1 || die "no netctl man page (asciidoctor: scripts/deps/netctl.list)"
gzip -9n "$stage/usr/share/man/man1/"*.1
# bash-completion sources its files: no "#!" line (picocli writes one)
sed -i '1{/^#!/d}' "$stage/usr/share/bash-completion/completions/netctl"

step "runtime (jlink)"
# 2. the runtime
"$jdk/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
    --generate-cds-archive --output "$stage$LIBDIR/runtime"
# no CDS archive for heaps over 32 GiB (without compressed oops: never ours) and no keytool
rm "$stage$LIBDIR/runtime/lib/server/classes_nocoops.jsa" "$stage$LIBDIR/runtime/bin/keytool"
# as Debian ships binaries: stripped; documents 644 (jlink makes them read-only)
find "$stage$LIBDIR/runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jexec -o -name jspawnhelper \) \
    -exec strip --strip-unneeded --remove-section=.comment --remove-section=.note {} +
find "$stage$LIBDIR/runtime" -type f -perm -u=r ! -perm -u=x -exec chmod 644 {} +

# every file dated alike (SOURCE_DATE_EPOCH, else now), before the training: an AOT cache checks
# the jars' dates, and dpkg-deb clamps dates to SOURCE_DATE_EPOCH when it is set
epoch=${SOURCE_DATE_EPOCH:-$(date +%s)}
find "$stage" -exec touch -h -d "@$epoch" {} +
step "AOT training"
# 3. AOT caches, trained on the staged tree seen at its final paths (an overlay on /usr/lib in a
# private mount namespace) in a private network namespace with one veth pair
mkdir -p "$stage$LIBDIR/aot"
cat > "$work/train.sh" <<'EOF'
set -eu
stage=$1 work=$2 libdir=$3
mount --make-rprivate /
mount -t overlay overlay -o "lowerdir=$stage/usr/lib:/usr/lib" /usr/lib
ip link set lo up
ip link add eth1 type veth peer name peer1
ip link set peer1 up
ip link set eth1 up
ip addr add 198.51.100.1/24 dev eth1
cp="$libdir/lib/*" # as the entry scripts name it
mkdir -p "$work/run"
java="$libdir/runtime/bin/java -Xlog:disable -Xlog:all=warning:stderr --enable-native-access=ALL-UNNAMED
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
# CLONEVIP_STATE_DIR: the desired states of this unnamed namespace stay in the work directory (the
# default would be the host's, where an agentd of the build machine would read them)
base="PATH=/usr/sbin:/usr/bin:/sbin:/bin HA_RSCTMP=$work/run CLONEVIP_STATE_DIR=$work/desired"
# IPaddr3: a clone instance as Pacemaker runs one (its clone count is published only in a cluster)
env -i $base OCF_RESOURCE_INSTANCE=train:0 OCF_RESKEY_ip=198.51.100.100 OCF_RESKEY_nic=eth1 \
    OCF_RESKEY_arp_bg=false OCF_RESKEY_arp_count=1 OCF_RESKEY_clone_count_attribute= \
    OCF_RESKEY_CRM_meta_clone=0 OCF_RESKEY_CRM_meta_clone_max=3 OCF_RESKEY_CRM_meta_clone_node_max=3 \
    OCF_RESKEY_CRM_meta_globally_unique=true OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=20000 \
    $java "-XX:AOTCacheOutput=$work/IPaddr3.aot" -cp "$cp" io.clonevip.ocf.AotTraining \
    io.clonevip.agent.ipaddr.IPaddr3 validate-all monitor=7 start monitor stop monitor=7
# mysql_monitor: its JVM answers meta-data and validate-all (here of a configuration with no server)
env -i $base OCF_RESOURCE_INSTANCE=train-mm OCF_RESKEY_state="$work/run/train-mm.state" \
    $java "-XX:AOTCacheOutput=$work/mysql_monitor.aot" -cp "$cp" io.clonevip.ocf.AotTraining \
    io.clonevip.agent.mysql.MysqlMonitorAgent meta-data validate-all
EOF
unshare --mount --net sh "$work/train.sh" "$stage" "$work" "$LIBDIR" > "$work/train.log" 2>&1 \
    || { cat "$work/train.log" >&2; die "AOT training failed"; }
for a in IPaddr3 mysql_monitor; do
    [ -s "$work/$a.aot" ] || { cat "$work/train.log" >&2; die "the training of $a wrote no cache"; }
    install -m 644 "$work/$a.aot" "$stage$LIBDIR/aot/$a.aot"
done

step "deb"
# 4. the .deb (Debian 12 keeps units in /lib/systemd/system)
deb=$work/deb
cp -a "$stage" "$deb"
mkdir -p "$deb/lib/systemd"
mv "$deb/usr/lib/systemd/system" "$deb/lib/systemd/system"
rmdir "$deb/usr/lib/systemd"
doc=$deb/usr/share/doc/clonevip
mkdir -p "$doc"
install -m 644 "$here/src/deb/copyright" "$doc/copyright"
mkdir -p "$deb/usr/share/lintian/overrides"
install -m 644 "$here/src/deb/lintian-overrides" "$deb/usr/share/lintian/overrides/clonevip"
date=$(date -R -d "@$epoch")
printf 'clonevip (%s) unstable; urgency=medium\n\n  * Built from the clonevip source tree, Maven version %s.\n\n -- %s  %s\n' \
    "$version" "$mvn_version" "$maintainer" "$date" | gzip -9n > "$doc/changelog.gz"
chmod 644 "$doc/changelog.gz"
mkdir -p "$deb/DEBIAN"
# shared libraries the runtime links against, as Debian packages (libjvm & co. are its own)
(cd "$work" && mkdir -p debian && : > debian/control \
    && find "$deb$LIBDIR/runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
        | xargs -0 dpkg-shlibdeps -T"$work/substvars" -l"$deb$LIBDIR/runtime/lib" -l"$deb$LIBDIR/runtime/lib/server" \
            --ignore-missing-info 2> "$work/shlibdeps.log") || { cat "$work/shlibdeps.log" >&2; die "dpkg-shlibdeps failed"; }
shlibs=$(sed -n 's/^shlibs:Depends=//p' "$work/substvars")
[ -n "$shlibs" ] || die "dpkg-shlibdeps found no library dependencies"
sed -e "s|@VERSION@|$version|" -e "s|@MAINTAINER@|$maintainer|" -e "s|@SHLIBS@|$shlibs|" \
    -e "s|@INSTALLED_SIZE@|$(du -sk --exclude=DEBIAN "$deb" | cut -f1)|" "$here/src/deb/control.in" > "$deb/DEBIAN/control"
(cd "$deb" && find etc -type f | sed 's|^|/|' | sort) > "$deb/DEBIAN/conffiles"
for s in postinst prerm postrm; do install -m 755 "$here/src/deb/$s" "$deb/DEBIAN/$s"; done
(cd "$deb" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | sort | xargs md5sum) > "$deb/DEBIAN/md5sums"
chmod 644 "$deb/DEBIAN/control" "$deb/DEBIAN/conffiles" "$deb/DEBIAN/md5sums"
debfile=$out/clonevip_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz -b "$deb" "$debfile" > /dev/null
dpkg-deb -c "$debfile" > "$out/files.txt"

step "rpm"
# 5. the .rpm (RHEL/Rocky 9 and 10: units in /usr/lib/systemd/system); the files as staged, not
# stripped or repacked (the AOT caches check the jars and the runtime they were trained with)
rpmtop=$work/rpm
mkdir -p "$rpmtop/BUILDROOT" "$rpmtop/RPMS" "$rpmtop/SPECS"
sed -e "s|@VERSION@|$version|" -e "s|@MAINTAINER@|$maintainer|" -e "s|@STAGE@|$stage|" \
    "$here/src/rpm/clonevip.spec.in" > "$rpmtop/SPECS/clonevip.spec"
rpmbuild -bb --quiet --define "_topdir $rpmtop" --define "_build_id_links none" "$rpmtop/SPECS/clonevip.spec" > "$work/rpmbuild.log" 2>&1 \
    || { cat "$work/rpmbuild.log" >&2; die "rpmbuild failed"; }
for r in "$rpmtop"/RPMS/*/clonevip-*.rpm; do cp "$r" "$out/"; done

step "lintian"
# 6. lintian: no error; the warnings kept are listed with their reasons in docs/user/package.md
lintian --tag-display-limit 0 "$debfile" > "$out/lintian.txt" 2>&1 || :
if grep -q '^E: ' "$out/lintian.txt"; then
    cat "$out/lintian.txt" >&2
    die "lintian found errors in $debfile"
fi
{
    echo "deb $(du -k "$debfile" | cut -f1)"
    for r in "$out"/clonevip-*.rpm; do echo "rpm $(du -k "$r" | cut -f1)"; done
    echo "runtime $(du -sk "$stage$LIBDIR/runtime" | cut -f1)"
    echo "aot-IPaddr3 $(du -k "$stage$LIBDIR/aot/IPaddr3.aot" | cut -f1)"
    echo "aot-mysql_monitor $(du -k "$stage$LIBDIR/aot/mysql_monitor.aot" | cut -f1)"
    echo "installed $(du -sk "$stage" | cut -f1)"
} > "$out/sizes.txt"
rm -rf "$work" "$stage"
echo "package: $debfile"
for r in "$out"/clonevip-*.rpm; do echo "package: $r"; done
