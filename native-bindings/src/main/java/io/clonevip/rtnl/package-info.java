/**
 * rtnetlink, with an API that mirrors iproute2 (each method's doc names the {@code ip} command
 * it is equivalent to): {@link io.clonevip.rtnl.Links} ({@code ip link show}),
 * {@link io.clonevip.rtnl.AddressOps} ({@code ip addr replace/del/show}),
 * {@link io.clonevip.rtnl.Routes} ({@code ip route get}) and
 * {@link io.clonevip.rtnl.MulticastMembership} ({@code ip maddr add/del/show}); the tests read
 * neighbour caches with {@code Neighbours} ({@code ip neigh show nud all}, in the test jar).
 *
 * <p>Domain types ({@link io.clonevip.rtnl.Link}, {@link io.clonevip.rtnl.IfAddr},
 * {@link io.clonevip.rtnl.Route}, {@link io.clonevip.rtnl.MulticastMac}) are records separate
 * from the wire structs, which live in package-private codecs ({@code IfInfoMsg},
 * {@code IfAddrMsg}). Everything works in the calling thread's network namespace: open the
 * connection inside {@link io.clonevip.nativ.NetNs#call} to work on another one. Every failure is
 * a {@link io.clonevip.nativ.KernelException}; bad input is rejected (EINVAL, ENODEV) before
 * anything is sent.
 */
package io.clonevip.rtnl;
