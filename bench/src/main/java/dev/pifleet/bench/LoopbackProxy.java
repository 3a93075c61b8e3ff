package dev.pifleet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a loopback port to one or more loopback ports. With several targets it is a round-robin: each new
 * connection goes to the next target, and to the one after when a target refuses (a killed replica), as a layer 4
 * load balancer's "next upstream" does; relayed connections stay where they are. It can be cut: while cut nothing
 * listens on its port, so a client gets "connection refused" exactly as from an unreachable cloud. Connecting again
 * re-binds the same port. It carries HTTP and MQTT alike, which is why it is not an HTTP proxy.
 */
public final class LoopbackProxy implements AutoCloseable {

    private final int port;
    private final List<Integer> targetPorts;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;

    public LoopbackProxy(int port, int targetPort) {
        this(port, List.of(targetPort));
    }

    public LoopbackProxy(int port, List<Integer> targetPorts) {
        if (targetPorts.isEmpty()) {
            throw new IllegalArgumentException("a proxy needs a target");
        }
        this.port = port;
        this.targetPorts = List.copyOf(targetPorts);
    }

    public int port() {
        return port;
    }

    /** Listens (again); returns this, so that {@code new LoopbackProxy(...).connect()} reads as one step. */
    public synchronized LoopbackProxy connect() throws IOException {
        if (server != null) {
            return this;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server = socket;
        Thread.ofVirtual().name("proxy-accept-" + port).start(() -> accept(socket));
        return this;
    }

    /** Stops listening and drops every relayed connection. */
    public synchronized void cut() {
        if (server == null) {
            return;
        }
        closeQuietly(server);
        server = null;
        open.forEach(LoopbackProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofVirtual().start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        Socket upstream = upstream();
        if (upstream == null) {
            // Every target refused: the client's connection just ends.
            closeQuietly(client);
            return;
        }
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        } catch (IOException ignored) {
            // Only latency.
        }
        open.add(client);
        open.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        pump(upstream, client);
    }

    /** The next target that accepts, starting from the round-robin's turn; null when all refuse. */
    private Socket upstream() {
        int first = Math.floorMod(next.getAndIncrement(), targetPorts.size());
        for (int i = 0; i < targetPorts.size(); i++) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), targetPorts.get((first + i) % targetPorts.size()));
            } catch (IOException refused) {
                // Try the next one.
            }
        }
        return null;
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ended) {
            // One side closed: close both below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing is best effort.
        }
    }
}
