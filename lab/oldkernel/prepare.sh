#!/bin/sh
# Prepares everything the old-kernel guest needs and prints the kernel release on stdout:
#   - Debian's linux-image-6.1.0-N-amd64 package, fetched with `apt-get download` and unpacked
#     with `dpkg-deb -x` into the cache (never installed: /boot and /lib/modules stay untouched),
#   - its modules.dep (busybox depmod: the host needs no kmod),
#   - a small initramfs: busybox-static, our init, and the modules that mounting the host root
#     over virtio-9p needs (found through modules.dep, so built-in ones are simply skipped).
# Idempotent and safe to run concurrently (one flock around the whole preparation).
#
# env: CLONEVIP_GUEST_CACHE  cache dir (default /var/cache/clonevip/oldkernel)
#      CLONEVIP_GUEST_KPKG   kernel package to use (default: the 6.1 ABI package that
#                            linux-image-amd64 depends on, else the newest linux-image-6.1.0-N-amd64)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${CLONEVIP_GUEST_CACHE:-/var/cache/clonevip/oldkernel}
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

say() { echo "oldkernel: $*" >&2; }

for tool in qemu-system-x86_64 busybox apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || { say "missing $tool (run scripts/setup-host.sh; see scripts/deps/oldkernel.list)"; exit 2; }
done
busybox --list | grep -qx depmod || { say "busybox has no depmod applet (need busybox-static)"; exit 2; }

pick_kpkg() {
  if [ -n "${CLONEVIP_GUEST_KPKG:-}" ]; then echo "$CLONEVIP_GUEST_KPKG"; return; fi
  p=$(apt-cache depends linux-image-amd64 2>/dev/null \
        | sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n 1)
  if [ -z "$p" ]; then
    p=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' \
          | cut -d' ' -f1 | sort -t- -k4,4n | tail -n 1)
  fi
  [ -n "$p" ] || { say "no linux-image-6.1.0-N-amd64 package known to apt"; exit 2; }
  echo "$p"
}

kpkg=$(cat "$cache/kpkg" 2>/dev/null || true)
[ -n "$kpkg" ] && [ -z "${CLONEVIP_GUEST_KPKG:-}" ] || kpkg=$(pick_kpkg)
krel=${kpkg#linux-image-}
root=$cache/$krel
if [ ! -f "$root/boot/vmlinuz-$krel" ]; then
  say "fetching $kpkg"
  dl=$(mktemp -d "$cache/dl.XXXXXX")
  (cd "$dl" && apt-get download -q "$kpkg" >&2)
  rm -rf "$root.tmp"
  dpkg-deb -x "$dl"/"${kpkg}"_*_amd64.deb "$root.tmp"
  rm -rf "$dl" "$root"
  mv "$root.tmp" "$root"
fi
echo "$kpkg" > "$cache/kpkg"
moddir=$root/lib/modules/$krel
[ -f "$moddir/modules.dep" ] || busybox depmod -b "$root" "$krel"

# initramfs: rebuilt when our init changes
initrd=$cache/initramfs-$krel.cpio.gz
if [ ! -f "$initrd" ] || [ "$here/guest-init" -nt "$initrd" ] || [ "$0" -nt "$initrd" ]; then
  say "building initramfs for $krel"
  stage=$(mktemp -d "$cache/initramfs.XXXXXX")
  mkdir -p "$stage/bin" "$stage/sbin" "$stage/proc" "$stage/sys" "$stage/dev" \
           "$stage/lib/modules/$krel" "$stage/host" "$stage/rw" "$stage/newroot"
  cp /bin/busybox "$stage/bin/busybox"
  cp "$here/guest-init" "$stage/init"
  chmod 755 "$stage/init"
  # closure of the boot modules over modules.dep ("path: dep dep ...", paths relative to moddir)
  want="9p 9pnet_virtio virtio_pci overlay"
  todo=""
  for m in $want; do
    line=$(grep -E "/$m\.ko(\.xz|\.gz|\.zst)?:" "$moddir/modules.dep" || true)
    [ -n "$line" ] && todo="$todo $line"
  done
  for f in $(echo "$todo" | tr -d ':' | tr ' ' '\n' | sort -u); do
    [ -f "$moddir/$f" ] || continue
    mkdir -p "$stage/lib/modules/$krel/$(dirname "$f")"
    cp "$moddir/$f" "$stage/lib/modules/$krel/$f"
  done
  # virtio_pci's own deps are not all in its modules.dep line on every config: add the family
  for f in $(cd "$moddir" && ls kernel/drivers/virtio/*.ko 2>/dev/null); do
    mkdir -p "$stage/lib/modules/$krel/$(dirname "$f")"
    cp "$moddir/$f" "$stage/lib/modules/$krel/$f"
  done
  cp "$moddir/modules.dep" "$stage/lib/modules/$krel/"
  (cd "$stage" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$initrd.tmp"
  mv "$initrd.tmp" "$initrd"
  rm -rf "$stage"
fi
echo "$krel"
