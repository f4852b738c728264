package dev.flotilla.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port on this machine that never lets a TCP connection be opened: a listening socket that accepts
 * nothing and whose accept queue is full, so the kernel drops every further connection attempt, as a
 * database host behind a dead network path would. Closes its sockets in {@link #close()}.
 */
final class SilentServer implements AutoCloseable {

    private static final int FILL_TIMEOUT_MS = 500;

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    SilentServer() {
        try {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            fill();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a silent port", e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connects until a connection attempt is no longer answered: the accept queue is then full. */
    private void fill() throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            fillers.add(socket);
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), FILL_TIMEOUT_MS);
            } catch (SocketTimeoutException full) {
                return;
            }
        }
        throw new IllegalStateException("the accept queue of port " + port() + " never filled");
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : fillers) {
            socket.close();
        }
        listener.close();
    }
}
