/**
 * sock_diag (NETLINK_SOCK_DIAG), with an API that mirrors iproute2's {@code ss}:
 * {@link io.clonevip.sockdiag.TcpSockets} lists TCP sockets ({@code ss -t -a}) and destroys one
 * ({@code ss -K}, the kernel aborts it and sends the peer a reset).
 *
 * <p>The domain type {@link io.clonevip.sockdiag.TcpSocket} is a record separate from the wire
 * structs ({@link io.clonevip.nativ.bind.inet_diag_req_v2},
 * {@link io.clonevip.nativ.bind.inet_diag_msg}), which the package-private codec
 * {@code InetDiagMsg} writes and reads through the netlink writer and reader. Everything works
 * in the calling thread's network namespace: open inside {@link io.clonevip.nativ.NetNs#call}
 * to work on another one. Every failure is a {@link io.clonevip.nativ.KernelException}; the
 * outcomes a caller plans for (socket gone meanwhile, kernel without
 * {@code CONFIG_INET_DIAG_DESTROY}) are a {@link io.clonevip.sockdiag.DestroyOutcome}.
 */
package io.clonevip.sockdiag;
