#!/bin/sh
# Installs what clonevip's build, tests and demo need on a Debian 12 host, idempotently.
# Every scripts/deps/*.list file names Debian packages (one a line, '#' comments); an area of
# the project that needs a package adds it to its own list. apt-get runs only when a package
# is missing, and then starts with 'apt-get update'.
# Daemons that packages would start (mariadb, corosync, pacemaker) are not wanted: the tests
# start their own instances inside namespaces, so a policy-rc.d forbids service starts while
# installing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pkgs=$(cat "$here"/deps/*.list | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  if [ "$(id -u)" -ne 0 ]; then echo "setup: root is needed to install packages" >&2; exit 1; fi
  rcd=/usr/sbin/policy-rc.d; made_rcd=0
  if [ ! -e "$rcd" ]; then printf '#!/bin/sh\nexit 101\n' > "$rcd"; chmod 755 "$rcd"; made_rcd=1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
  [ "$made_rcd" = 1 ] && rm -f "$rcd"
fi
# JDK 25 must be there for the toolchains plugin to find it.
if ! ls -d /usr/lib/jvm/*25* >/dev/null 2>&1; then
  echo "setup: no JDK 25 under /usr/lib/jvm (needed by the build)" >&2; exit 1
fi
echo "setup: host ready"
