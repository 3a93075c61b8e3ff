package dev.pifleet.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP port on loopback that nothing listens on right now, for a process that binds it a little later.
 *
 * <p>Ports come from below Linux's ephemeral range (32768-60999 by default): a port the kernel hands out for
 * "any port" is also what it gives outgoing connections, and one of those can take it between this check and the
 * process binding it (seen in CI as "Port … seems to be in use"). Ports handed out in this JVM are not handed out
 * again.
 */
public final class FreePort {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final int TRIES = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int find() {
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + "-" + LAST + " after " + TRIES + " tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
