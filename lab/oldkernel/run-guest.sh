#!/bin/sh
# Boots Debian's 6.1 kernel under qemu with the host's / shared read-only (tmpfs overlay in the
# guest), runs COMMAND ARGS... inside the guest (as root, cwd = the caller's cwd, which must be
# on the host root filesystem), powers off and exits with the command's exit status.
# The guest console (kernel messages + the command's output) is copied to stdout.
#
# usage: run-guest.sh COMMAND [ARG...]
# env:   CLONEVIP_GUEST_ACCEL  tcg (default; this host has no usable hardware virtualisation) | kvm
#        CLONEVIP_GUEST_MEM    MiB (default 1024)     CLONEVIP_GUEST_SMP  vCPUs (default 2)
#        CLONEVIP_GUEST_TIMEOUT seconds for the whole boot+run (default 300)
#        CLONEVIP_GUEST_CACHE, CLONEVIP_GUEST_KPKG: see prepare.sh
# exit:  the command's status; 124 on timeout; 125 when no status came back from the guest.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
cache=${CLONEVIP_GUEST_CACHE:-/var/cache/clonevip/oldkernel}
krel=$("$here/prepare.sh")
accel=${CLONEVIP_GUEST_ACCEL:-tcg}
mem=${CLONEVIP_GUEST_MEM:-1024}
smp=${CLONEVIP_GUEST_SMP:-2}
limit=${CLONEVIP_GUEST_TIMEOUT:-300}

run=$(mktemp -d /tmp/clonevip-guest.XXXXXX)
trap 'rm -rf "$run"' EXIT
trap 'exit 130' INT TERM
nonce=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
quote() { printf "'%s' " "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
{
  echo "cd $(quote "$PWD")|| exit 126"
  printf 'exec '
  for a in "$@"; do quote "$a"; done
  echo
} > "$run/cmd.sh"

case "$accel" in
  kvm) acc="-accel kvm -cpu host" ;;
  *)   acc="-accel tcg,thread=multi -cpu max" ;;
esac
start=$(date +%s%N)
set +e
# shellcheck disable=SC2086
timeout -k 5 "$limit" qemu-system-x86_64 $acc -m "$mem" -smp "$smp" \
  -display none -no-reboot -nic none -monitor none -serial stdio \
  -kernel "$cache/$krel/boot/vmlinuz-$krel" -initrd "$cache/initramfs-$krel.cpio.gz" \
  -append "console=ttyS0 quiet loglevel=3 panic=-1 mitigations=off cv.run=$run/cmd.sh cv.mods=$cache/$krel/lib/modules/$krel cv.nonce=$nonce" \
  -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
  </dev/null 2>&1 | tr -d '\r' | tee "$run/console.log"

set -e
end=$(date +%s%N)
echo "oldkernel: guest wall time $(( (end - start) / 1000000 )) ms (accel=$accel mem=${mem}M smp=$smp kernel=$krel)"
rc=$(sed -n "s/^CLONEVIP-GUEST-$nonce rc=\([0-9]*\)\$/\1/p" "$run/console.log" | tail -n 1)
if [ -z "$rc" ]; then
  if [ "$(( (end - start) / 1000000000 ))" -ge "$limit" ]; then echo "oldkernel: timed out after ${limit}s" >&2; exit 124; fi
  echo "oldkernel: no exit status came back from the guest" >&2; exit 125
fi
exit "$rc"
