package io.clonevip.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP echo service on a listening channel the test opened (in whatever namespace it opened
 * it: a socket keeps its namespace), and the checks a test makes on its client connections:
 * still echoing, or cut by the server (end of stream or a reset). Closing closes the listener
 * and every accepted connection; the test closes its own clients.
 */
public final class TcpEcho implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();

    private TcpEcho(ServerSocketChannel listener) {
        this.listener = listener;
    }

    /** Accepts on {@code listener} (bound, blocking) and echoes every byte of every connection, each on a thread of its own. */
    public static TcpEcho serve(ServerSocketChannel listener) {
        TcpEcho e = new TcpEcho(listener);
        Thread.ofVirtual().name("tcp-echo-accept").start(e::acceptLoop);
        return e;
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel c = listener.accept();
                accepted.add(c);
                Thread.ofVirtual().name("tcp-echo").start(() -> echo(c));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void echo(SocketChannel c) {
        ByteBuffer b = ByteBuffer.allocate(256);
        try (c) {
            while (c.read(b.clear()) >= 0) {
                c.write(b.flip());
            }
        } catch (IOException e) {
            // reset or destroyed: the connection is over
        }
    }

    /**
     * A listening channel on {@code address}: an AF_INET socket (AF_INET6 for an IPv6 address), or with {@code dualStack} an
     * AF_INET6 one (the JVM's default, and what a server listening on {@code ::} has), whose IPv4
     * connections carry IPv4-mapped addresses. Call it inside the namespace it is for.
     */
    public static ServerSocketChannel listen(InetSocketAddress address, boolean dualStack) throws IOException {
        boolean v6 = dualStack || address.getAddress() instanceof java.net.Inet6Address;
        ServerSocketChannel l = v6 ? ServerSocketChannel.open() : ServerSocketChannel.open(StandardProtocolFamily.INET);
        try {
            return l.bind(address, 256);
        } catch (IOException e) {
            l.close();
            throw e;
        }
    }

    /** A client connection from {@code source}:{@code sourcePort} to {@code server}. Call it inside the client's namespace. */
    public static SocketChannel connect(InetAddress source, int sourcePort, InetSocketAddress server) throws IOException {
        SocketChannel c = SocketChannel.open(source instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            c.bind(new InetSocketAddress(source, sourcePort));
            c.connect(server);
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** How many connections were accepted so far. */
    public int accepted() {
        return accepted.size();
    }

    /** Whether one byte sent on {@code client} comes back within 2 s. */
    public static boolean echoes(SocketChannel client) {
        try {
            client.socket().setSoTimeout(2000);
            client.write(ByteBuffer.wrap(new byte[] {'e'}));
            return client.socket().getInputStream().read() == 'e';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the server cut {@code client} within {@code timeout}: a read ends the stream or
     * fails (a reset), checked every 50 ms. Sends nothing: a read only returns when the server's
     * FIN or RST arrived.
     */
    public static boolean cutWithin(SocketChannel client, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            client.socket().setSoTimeout(50);
            InputStream in = client.socket().getInputStream();
            while (System.nanoTime() - deadline < 0) {
                try {
                    if (in.read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // nothing yet
                }
            }
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (SocketChannel c : accepted) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
