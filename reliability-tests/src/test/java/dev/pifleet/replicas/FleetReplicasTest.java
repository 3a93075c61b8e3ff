package dev.pifleet.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pifleet.testing.ParseServerTestResource;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fleet control across two ingest replicas on one Parse Server, with the real auth-gateway and device-registry: what
 * the owner queues through the registry reaches a long-poll held by either replica, within the wake-up interval, and
 * polls on both replicas racing for one command deliver it once.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class FleetReplicasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int RACERS = 8;
    private static final int ROUNDS = 3;
    /** A held poll's answer: the wake-up look runs every second; generous for a loaded machine. */
    private static final long ANSWER_SECONDS = 40;
    private static final int SECOND_INGEST_MQTT_PORT = dev.pifleet.testing.FreePort.find();
    private static QuarkusAppProcess secondIngest;

    private static synchronized QuarkusAppProcess secondIngest() {
        if (secondIngest == null) {
            Map<String, String> config = new java.util.HashMap<>(SharedServices.serviceConfig());
            // Its MQTT endpoint too, plain on loopback, for the MQTT subscriber below.
            config.putAll(Map.of("pifleet.mqtt.enabled", "true", "pifleet.mqtt.host", "127.0.0.1",
                    "pifleet.mqtt.port", String.valueOf(SECOND_INGEST_MQTT_PORT), "pifleet.mqtt.plain-allowed", "true"));
            secondIngest = new QuarkusAppProcess("services/telemetry-ingest", config).start();
        }
        return secondIngest;
    }

    @AfterAll
    static void stopSecondIngest() {
        if (secondIngest != null) {
            secondIngest.stop();
            secondIngest = null;
        }
    }

    @Test
    void aCommandQueuedThroughTheRegistryReachesALongPollHeldByTheOtherReplica() throws Exception {
        Pi pi = newPi();
        QuarkusAppProcess holder = secondIngest();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<JsonNode> held = pool.submit(() -> send("GET", holder.url() + "/api/device/commands?waitSeconds=50",
                    null, 200, "Authorization", "Device " + pi.apiKey()));
            awaitHeld(holder);
            String id = send("POST", registry() + "/api/devices/" + pi.deviceId() + "/commands",
                    Map.of("name", "read-sensors"), 201, "x-session-token", pi.sessionToken()).path("command").path("id").asText();

            JsonNode answer = held.get(ANSWER_SECONDS, TimeUnit.SECONDS);
            assertThat(answer.path("commands").findValuesAsText("id")).containsExactly(id);

            // The result goes to the first replica; the owner sees it through the registry.
            send("POST", SharedServices.telemetryIngest().url() + "/api/device/commands/" + id + "/result",
                    Map.of("state", "succeeded", "result", Map.of("simulated", Map.of("temperature", 21.5))), 200,
                    "Authorization", "Device " + pi.apiKey());
            JsonNode command = send("GET", registry() + "/api/devices/" + pi.deviceId() + "/commands/" + id, null, 200,
                    "x-session-token", pi.sessionToken()).path("command");
            assertThat(command.path("state").asText()).isEqualTo("succeeded");
            assertThat(command.path("result").path("simulated").path("temperature").asDouble()).isEqualTo(21.5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCommandQueuedThroughTheRegistryReachesAnMqttSubscriberOfTheOtherReplica() throws Exception {
        Pi pi = newPi();
        QuarkusAppProcess holder = secondIngest();
        // Debian's mosquitto_sub: one message at QoS 1, then it exits; bounded by timeout.
        Process subscriber = new ProcessBuilder("timeout", "--signal=KILL", "90", "mosquitto_sub", "-h", "127.0.0.1",
                "-p", String.valueOf(SECOND_INGEST_MQTT_PORT), "-V", "mqttv311", "-q", "1", "-C", "1",
                "-t", "pifleet/v1/commands", "-u", pi.deviceId(), "-P", pi.apiKey()).redirectErrorStream(true).start();
        try {
            // The subscription runs the long-poll on the replica holding the connection.
            awaitHeld(holder);
            String id = send("POST", registry() + "/api/devices/" + pi.deviceId() + "/commands",
                    Map.of("name", "read-sensors"), 201, "x-session-token", pi.sessionToken()).path("command").path("id").asText();

            String received = new String(subscriber.getInputStream().readAllBytes());
            assertThat(subscriber.waitFor(ANSWER_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(JSON.readTree(received.trim()).path("id").asText()).as(received).isEqualTo(id);
            JsonNode command = send("GET", registry() + "/api/devices/" + pi.deviceId() + "/commands/" + id, null, 200,
                    "x-session-token", pi.sessionToken()).path("command");
            assertThat(command.path("state").asText()).isEqualTo("sent");
        } finally {
            subscriber.destroyForcibly();
        }
    }

    @Test
    void aConfigChangeThroughTheRegistryWakesAPollOnEitherReplica() throws Exception {
        Pi pi = newPi();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (QuarkusAppProcess holder : List.of(SharedServices.telemetryIngest(), secondIngest())) {
                long current = send("GET", registry() + "/api/devices/" + pi.deviceId() + "/config", null, 200,
                        "x-session-token", pi.sessionToken()).path("desired").path("version").asLong();
                Future<JsonNode> held = pool.submit(() -> send("GET", holder.url()
                        + "/api/device/commands?waitSeconds=50&configVersion=" + current, null, 200,
                        "Authorization", "Device " + pi.apiKey()));
                awaitHeld(holder);
                long version = send("PATCH", registry() + "/api/devices/" + pi.deviceId() + "/config",
                        Map.of("readingIntervalSeconds", 15 + (int) current), 200, "x-session-token", pi.sessionToken())
                        .path("desired").path("version").asLong();
                JsonNode answer = held.get(ANSWER_SECONDS, TimeUnit.SECONDS);
                assertThat(answer.path("config").path("version").asLong()).isEqualTo(version);
                assertThat(answer.path("config").path("readingIntervalSeconds").asInt()).isEqualTo(15 + (int) current);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pollsOnBothReplicasRacingForOneCommandDeliverItOnce() throws Exception {
        Pi pi = newPi();
        List<String> ingests = List.of(SharedServices.telemetryIngest().url(), secondIngest().url());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String id = send("POST", registry() + "/api/devices/" + pi.deviceId() + "/commands",
                        Map.of("name", "upload-now"), 201, "x-session-token", pi.sessionToken())
                        .path("command").path("id").asText();
                List<Callable<List<String>>> polls = IntStream.range(0, RACERS).<Callable<List<String>>>mapToObj(i ->
                        () -> send("GET", ingests.get(i % 2) + "/api/device/commands", null, 200,
                                "Authorization", "Device " + pi.apiKey()).path("commands").findValuesAsText("id"))
                        .toList();
                List<String> delivered = new ArrayList<>();
                for (Future<List<String>> poll : pool.invokeAll(polls)) {
                    delivered.addAll(poll.get());
                }
                assertThat(delivered).as("round %d", round).containsExactly(id);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Pi(String sessionToken, String deviceId, String apiKey) {
    }

    private static Pi newPi() {
        String email = "replicas-" + UUID.randomUUID() + "@example.test";
        String token = send("POST", SharedServices.authGateway().url() + "/api/auth/signup",
                Map.of("email", email, "password", "correct horse battery"), 201).path("sessionToken").asText();
        String deviceId = "pi-" + UUID.randomUUID();
        String apiKey = send("POST", registry() + "/api/device/register",
                Map.of("deviceId", deviceId, "deviceName", "Replica Pi"), 201, "x-session-token", token)
                .path("apiKey").asText();
        return new Pi(token, deviceId, apiKey);
    }

    private static String registry() {
        return SharedServices.deviceRegistry().url();
    }

    /** Bounded: until the replica reports a held poll (its gauge of devices with one). */
    private static void awaitHeld(QuarkusAppProcess ingest) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String metrics = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(ingest.url() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).join().body();
            if (metrics.lines().anyMatch(line -> line.startsWith("pifleet_fleet_long_polls_devices")
                    && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the replica never held the poll");
    }

    private static JsonNode send(String method, String url, Object body, int expected, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(method + " " + url + " answered " + response.statusCode() + " "
                        + response.body() + ", expected " + expected);
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
