package dev.flotilla.cli.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A small stand-in for a service of the local stack, started as a real process by
 * {@link LocalProcessControlIT}: it says how it was started (pid, working directory, two
 * environment variables) and then accepts connections on the port given as its argument until killed.
 */
public final class ListeningChild {

    static final String MARK = "FLOTILLA_IT_MARK";
    static final String STRAY = "FLOTILLA_IT_STRAY";

    private ListeningChild() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        System.out.println("listening-child pid=" + ProcessHandle.current().pid()
                + " cwd=" + Path.of("").toAbsolutePath()
                + " mark=" + System.getenv(MARK)
                + " stray=" + System.getenv(STRAY));
        System.out.flush();
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            while (true) {
                server.accept().close();
            }
        }
    }
}
