/**
 * FFM bindings for the parts of libc, libmnl and the kernel's UAPI structs that clonevip uses.
 *
 * <p><b>Hand-written, in jextract's shape.</b> jextract cannot be installed from the registries
 * this project builds from, so these classes were written by hand following the layout jextract
 * emits: one class per header ({@code libc_h}, {@code libmnl_h}), one lazily initialised holder
 * per function exposing {@code name$descriptor()}, {@code name$address()} and
 * {@code name$handle()}, macros as static methods, and one class per struct with
 * {@code layout()}, {@code field$offset()} and static accessors. The header and the include
 * allowlist they correspond to are kept in {@code native-bindings/jextract/}; running
 * {@code native-bindings/jextract/regenerate.sh} with a jextract on PATH generates the same
 * surface into {@code io.clonevip.nativ.gen}. Every layout and constant here is checked against
 * the system headers by {@code NativeLayoutTest} (gcc compiles a probe program).
 *
 * <p>Nothing in this package captures errno: {@link io.clonevip.nativ.Syscalls} links the
 * functions it needs with {@code Linker.Option.captureCallState("errno")} from the addresses and
 * descriptors published here.
 */
package io.clonevip.nativ.bind;
