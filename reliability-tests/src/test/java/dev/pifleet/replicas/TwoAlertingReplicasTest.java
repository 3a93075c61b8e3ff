package dev.pifleet.replicas;

import static dev.pifleet.replicas.JsonCalls.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.ParseServerTestResource;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two alerting replicas on one Parse Server, both running the offline/reminder sweep (every second) and the delivery
 * worker: an offline alert opens once, its first reminder is sent once, its resolution once, and the real webhook
 * receiver gets exactly one request per transition, however the two replicas' passes overlap.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class TwoAlertingReplicasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The first reminder comes after repeatMinutes (at least 1): the test waits about a minute for it. */
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final List<QuarkusAppProcess> REPLICAS = new ArrayList<>();

    @BeforeAll
    static void startTwoReplicas() {
        for (int i = 0; i < 2; i++) {
            Map<String, String> config = SharedServices.serviceConfig();
            config.put("pifleet.alerts.sweep-interval", "1s");
            config.put("pifleet.alerts.delivery-interval", "500ms");
            config.put("pifleet.alerts.min-offline-seconds", "2");
            config.put("pifleet.alerts.allow-private-webhooks", "true");
            // No mail in this test: a port nobody listens on.
            config.put("quarkus.mailer.port", String.valueOf(FreePort.find()));
            REPLICAS.add(new QuarkusAppProcess("services/alerting", config).start());
        }
    }

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(QuarkusAppProcess::stop);
        REPLICAS.clear();
    }

    @Test
    void eachTransitionIsNotifiedOnceAcrossTwoReplicas() throws IOException {
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String event = body.path("event").asText() + (body.has("reminder") ? " " + body.path("reminder").asInt() : "");
            received.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String session = "x-session-token " + succeed(SharedServices.authGateway().url(), "POST", "/api/auth/signup", null,
                    Map.of("email", "alerts-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"))
                    .body().path("sessionToken").asText();
            String deviceId = "alerts-" + UUID.randomUUID();
            String device = "Authorization Device " + succeed(SharedServices.deviceRegistry().url(), "POST",
                    "/api/device/register", session, Map.of("deviceId", deviceId)).body().path("apiKey").asText();
            String ingest = SharedServices.telemetryIngest().url();
            succeed(ingest, "POST", "/api/device/heartbeat", device, null);
            succeed(REPLICAS.get(0).url(), "POST", "/api/alert-rules", session, Map.of("deviceId", deviceId,
                    "kind", "offline", "forSeconds", 2, "repeatMinutes", 1,
                    "webhookUrl", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));

            await().atMost(WAIT).until(() -> received.containsKey("reminder 1"));
            succeed(ingest, "POST", "/api/device/heartbeat", device, null);
            await().atMost(WAIT).until(() -> received.containsKey("resolved"));
            // Every delivery of the alert is settled (sent) as seen from both replicas: no claim is still in flight.
            String alertId = succeed(REPLICAS.get(1).url(), "GET", "/api/alerts?deviceId=" + deviceId, session, null)
                    .body().path("alerts").get(0).path("id").asText();
            for (QuarkusAppProcess replica : REPLICAS) {
                await().atMost(WAIT).until(() -> {
                    JsonNode log = succeed(replica.url(), "GET", "/api/alerts/" + alertId + "/deliveries", session, null)
                            .body().path("deliveries");
                    return log.size() == 3 && allSent(log);
                });
            }

            assertThat(succeed(REPLICAS.get(0).url(), "GET", "/api/alerts?deviceId=" + deviceId, session, null)
                    .body().path("alerts").size()).as("alerts of the device").isEqualTo(1);
            assertThat(received).containsOnlyKeys("opened", "reminder 1", "resolved");
            assertThat(received.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        } finally {
            receiver.stop(0);
        }
    }

    private static boolean allSent(JsonNode deliveries) {
        for (JsonNode delivery : deliveries) {
            if (!"sent".equals(delivery.path("status").asText())) {
                return false;
            }
        }
        return true;
    }
}
