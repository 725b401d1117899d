package io.clonevip.netlink;

import io.clonevip.nativ.KernelException;

/**
 * The test seam of the netlink layer: datagrams out, datagrams in. {@link NetlinkSocket} talks
 * to the kernel; the tests' FuncTransport answers requests with a function, so encoders and the
 * reply logic of {@link NetlinkConn} are tested without a kernel.
 */
public interface Transport extends AutoCloseable {
    /** Our netlink port id (replies are addressed to it). */
    int portId();

    void send(byte[] datagram) throws KernelException;

    /**
     * The next datagram. With {@code wait} false, null when nothing is queued; with {@code wait}
     * true, blocks up to the transport's timeout and then throws ETIMEDOUT.
     */
    byte[] receive(boolean wait) throws KernelException;

    @Override
    void close();
}
