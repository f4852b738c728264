package dev.flotilla.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** TCP port checks for the local stack, which binds everything to the loopback interface only. */
final class Ports {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private Ports() {}

    /** A port nothing listens on right now, chosen by the OS. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on the loopback interface", e);
        }
    }

    /** {@code count} distinct free ports. */
    static int[] free(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            int port;
            do {
                port = free();
            } while (contains(ports, i, port));
            ports[i] = port;
        }
        return ports;
    }

    private static boolean contains(int[] ports, int length, int port) {
        for (int i = 0; i < length; i++) {
            if (ports[i] == port) {
                return true;
            }
        }
        return false;
    }

    /** Whether something accepts connections at {@code host:port}. */
    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a server could listen on {@code port} of the loopback interface. */
    static boolean bindable(int port) {
        if (answers("127.0.0.1", port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
