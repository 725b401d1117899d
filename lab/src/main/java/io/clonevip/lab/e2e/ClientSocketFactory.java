package io.clonevip.lab.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The JDBC driver's socket factory ({@code socketFactory=} option of mariadb-java-client) for
 * the lab client: binds each connection to the source address and port the calling thread
 * chose, so that the client knows every query's hash bucket before it is sent. The driver
 * instantiates the class itself; the choice travels in a thread-local.
 */
public final class ClientSocketFactory extends SocketFactory {

    /** Source address and port for the next connection opened by this thread. */
    public record Source(InetAddress address, int port) {
    }

    private static final ThreadLocal<Source> NEXT = new ThreadLocal<>();

    public static void next(Source source) {
        NEXT.set(source);
    }

    public ClientSocketFactory() {
        // instantiated by the driver
    }

    @Override
    public Socket createSocket() throws IOException {
        Source s = NEXT.get();
        if (s == null) {
            throw new IOException("no source port chosen for this connection");
        }
        Socket socket = new Socket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(s.address(), s.port()));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new IOException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new IOException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new IOException("unconnected sockets only");
    }
}
