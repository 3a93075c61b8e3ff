package dev.pifleet.alerting.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.alerting.HostileTargets;
import dev.pifleet.alerting.ProdWebhookPolicy;
import dev.pifleet.alerting.AlertingTestResource;
import dev.pifleet.alerts.Alert;
import dev.pifleet.alerts.AlertKind;
import dev.pifleet.alerts.AlertRule;
import dev.pifleet.alerts.Delivery;
import dev.pifleet.alerts.WebhookSignature;
import dev.pifleet.alerts.WebhookTargets;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The send-time check, on the sender itself: every hostile target, and a proxy set for the JVM. */
@QuarkusTest
@TestProfile(ProdWebhookPolicy.class)
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class WebhookSenderTest {

    @Inject
    WebhookSender sender;

    @Test
    void everyInternalTargetIsRefusedAtSendTimeAndNothingConnects() throws Exception {
        try (Listener listener = new Listener()) {
            List<String> sent = new ArrayList<>();
            List<String[]> targets = HostileTargets.urls(listener.port());
            for (String[] target : targets) {
                SendResult result = sender.send(notification(target[1]));
                if (result.outcome() != SendResult.Outcome.RETRY || !("refused: " + WebhookTargets.REFUSED).equals(result.detail())) {
                    sent.add(target[0] + " " + target[1] + ": " + result);
                }
            }
            assertThat(targets).hasSizeGreaterThan(200);
            assertThat(sent).isEmpty();
            assertThat(listener.connections()).as("connections to the loopback listener").isZero();
        }
    }

    /** With the JVM's proxy settings pointing at a listener, the sender still goes straight to the checked address. */
    @Test
    void aProxySetForTheJvmIsNotUsed() throws Exception {
        List<String> keys = List.of("http.proxyHost", "http.proxyPort", "https.proxyHost", "https.proxyPort");
        try (Listener proxy = new Listener()) {
            keys.forEach(key -> System.setProperty(key, key.endsWith("Host") ? "127.0.0.1" : Integer.toString(proxy.port())));
            // Public for the check (an unallocated global unicast address): a proxied client would hand this to the proxy.
            String name = "http://" + HostileTargets.hex(HostileTargets.NOWHERE) + ".addr.pifleet.test/hook";
            SendResult result = sender.send(notification(name));
            assertThat(result.outcome()).isEqualTo(SendResult.Outcome.RETRY);
            assertThat(result.detail()).matches("connection failed: .*|timed out after .*");
            SendResult internal = sender.send(notification("http://7f000001.addr.pifleet.test:" + proxy.port() + "/hook"));
            assertThat(internal.detail()).isEqualTo("refused: " + WebhookTargets.REFUSED);
            assertThat(proxy.connections()).as("connections to the proxy").isZero();
        } finally {
            keys.forEach(System::clearProperty);
        }
    }

    static Notification notification(String url) {
        Instant now = Instant.now();
        AlertRule rule = new AlertRule("rule1", "owner1", "dev1", "pi-1", AlertKind.ABOVE, "t", 1.0, 0.0, 0, false, url,
                WebhookSignature.newSecret(), 0, now);
        Alert alert = new Alert("alert1", "rule1", "owner1", "dev1", "pi-1", AlertKind.ABOVE, "t", 1.0, Alert.OPEN, now,
                null, 5.0, null, "episode1");
        Delivery delivery = new Delivery("delivery1", "episode1", "rule1", "owner1", Delivery.OPENED, 0, Delivery.WEBHOOK,
                Delivery.PENDING, 0, now, null, null, now);
        return new Notification(delivery, alert, rule, "Pi");
    }

    /** A loopback TCP listener that counts the connections it gets (a receiver, or a proxy). */
    static final class Listener implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();

        Listener() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (var ignored = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
