package dev.pifleet.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.ParseServerTestResource;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SensorLogRows;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The ingest's packaged jar is killed (SIGKILL) the moment {@code mosquitto_pub} prints the PUBACK of a QoS 1 reading:
 * the row is in Parse, once. A PUBACK is sent only after Parse stored the reading, so nothing the process still held
 * can matter; this shows it with the process gone before it could finish anything. Several rounds, each on a fresh
 * start of the same replica.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class MqttKillAfterPubackTest {

    private static final int ROUNDS = 3;
    private static final int MQTT_PORT = FreePort.find();
    private static QuarkusAppProcess ingest;

    @Inject
    ParseClient parse;

    @AfterAll
    static void stopIngest() {
        if (ingest != null) {
            ingest.stop();
        }
    }

    @Test
    void theReadingOfAPubackIsStoredOnceAfterTheIngestIsKilled() throws Exception {
        Map<String, String> config = new HashMap<>(SharedServices.serviceConfig());
        config.putAll(Map.of("pifleet.mqtt.enabled", "true", "pifleet.mqtt.host", "127.0.0.1",
                "pifleet.mqtt.port", String.valueOf(MQTT_PORT), "pifleet.mqtt.plain-allowed", "true"));
        ingest = new QuarkusAppProcess("services/telemetry-ingest", config);
        String[] device = newDevice();
        for (int round = 0; round < ROUNDS; round++) {
            ingest.start();
            String readingId = "kill-after-puback-" + round + "-" + UUID.randomUUID();
            String payload = "{\"id\":\"" + readingId + "\",\"timestamp\":\"" + Instant.now()
                    + "\",\"sensors\":{\"temperature\":21.5}}";
            // Line-buffered, so the PUBACK line reaches us when it is printed, not when the process exits.
            Process publisher = new ProcessBuilder("timeout", "--signal=KILL", "60", "stdbuf", "-oL", "mosquitto_pub",
                    "-h", "127.0.0.1", "-p", String.valueOf(MQTT_PORT), "-V", "mqttv311", "-q", "1", "-d",
                    "-u", device[0], "-P", device[1], "-t", "pifleet/v1/readings", "-m", payload)
                    .redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            boolean acknowledged = false;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(publisher.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    if (line.contains("received PUBACK")) {
                        ingest.kill();
                        acknowledged = true;
                        break;
                    }
                }
            } finally {
                publisher.waitFor(30, TimeUnit.SECONDS);
                publisher.destroyForcibly();
            }
            assertThat(acknowledged).as("round %d: %s", round, output).isTrue();

            long rows = parse.count(ParseAuth.master(), ParseQuery.of(SensorLogRows.NAME)
                    .equalTo(SensorLogRows.READING_ID, readingId));
            assertThat(rows).as("round %d: rows of %s", round, readingId).isEqualTo(1);
        }
    }

    /** A device paired through the real auth-gateway and registry: {deviceId, apiKey}. */
    private static String[] newDevice() {
        String session = JsonCalls.succeed(SharedServices.authGateway().url(), "POST", "/api/auth/signup", null,
                Map.of("email", "kill-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"))
                .body().path("sessionToken").asText();
        String deviceId = "kill-" + UUID.randomUUID();
        String key = JsonCalls.succeed(SharedServices.deviceRegistry().url(), "POST", "/api/device/register",
                "x-session-token " + session, Map.of("deviceId", deviceId)).body().path("apiKey").asText();
        return new String[] {deviceId, key};
    }
}
