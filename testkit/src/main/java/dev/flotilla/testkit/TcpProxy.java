package dev.flotilla.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port that forwards to one target, for fault tests without Docker: {@link
 * #cut} breaks every open connection and refuses new ones (the peer sees the network fail), {@link
 * #restore} lets connections through again. Each connection is two virtual threads copying bytes.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean cut;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** Starts a proxy to {@code host:port}; it forwards until cut or closed. */
    public static TcpProxy to(String host, int port) throws IOException {
        return new TcpProxy(new InetSocketAddress(host, port));
    }

    /** The loopback port clients connect to instead of the target's. */
    public int port() {
        return server.getLocalPort();
    }

    /** Breaks every open connection and refuses (accepts, then closes) new ones until restored. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    /** How many connections were refused while cut. */
    public int refused() {
        return refused.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    refused.incrementAndGet();
                    closeQuietly(client);
                } else {
                    threads.execute(() -> forward(client));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void forward(Socket client) {
        try {
            Socket upstream = new Socket(target.getAddress(), target.getPort());
            open.add(client);
            open.add(upstream);
            if (cut) {
                closeQuietly(client);
                closeQuietly(upstream);
                return;
            }
            threads.execute(() -> copy(upstream, client));
            copy(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Copies until either side ends, then closes both, so a cut or a close is seen at both ends. */
    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // one side went away, or the proxy was cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
        threads.shutdownNow();
    }
}
