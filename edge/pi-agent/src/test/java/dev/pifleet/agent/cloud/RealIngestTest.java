package dev.pifleet.agent.cloud;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.agent.identity.DeviceIdentity;
import dev.pifleet.agent.identity.SeedDeviceIdentity;
import dev.pifleet.agent.pairing.Credentials;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.pairing.PairingMethod;
import dev.pifleet.agent.cloud.Attempt;
import dev.pifleet.agent.cloud.Backoff;
import dev.pifleet.agent.cloud.CloudClient;
import dev.pifleet.agent.sender.Reading;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.agent.sender.Uploader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against the real auth-gateway, device-registry, telemetry-ingest and Parse Server. */
@QuarkusTest
@WithTestResource(RealCloudResource.class)
class RealIngestTest {

    @Inject
    DeviceIdentity identity;


    @Test
    void pairsThroughTheSeedFlowShowsOnlineAndReadingsArriveInParse() {
        String session = RealCloud.signUp();
        // The web UI's three steps: ask the Pi for its ID, claim it in the cloud, hand the key to the Pi.
        String deviceId = given().get("/device-id").then().statusCode(200).extract().path("deviceId");
        assertThat(deviceId).isEqualTo(identity.deviceId());
        String apiKey = claim(session, deviceId);

        given().contentType(ContentType.JSON).body(Map.of("apiKey", apiKey, "deviceName", "Greenhouse Pi"))
                .when().post("/device-register")
                .then().statusCode(200).body("registered", equalTo(true));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(RealCloud.registryUrl())
                .header("x-session-token", session).get("/api/devices/" + deviceId)
                .then().statusCode(200).body("device.status", equalTo("online")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(RealCloud.storedIds(session, deviceId)).hasSizeGreaterThan(1));
        given().get("/status").then().statusCode(200)
                .body("registered", equalTo(true))
                .body("lastHeartbeat.result", equalTo("200"))
                .body("upload.lastAttempt.result", org.hamcrest.Matchers.startsWith("200"));

        // The same story on /q/metrics, as a Prometheus scrape sees it.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metric(metrics, "pifleet_agent_uploads_total", "result=\"ok\"")).isPositive();
        assertThat(metric(metrics, "pifleet_agent_uploads_total", "result=\"failed\"")).isNotNegative();
        assertThat(metric(metrics, "pifleet_agent_heartbeats_total", "result=\"ok\"")).isPositive();
        assertThat(metric(metrics, "pifleet_agent_heartbeat_ok", "")).isEqualTo(1.0);
        assertThat(metric(metrics, "pifleet_agent_buffer_readings", "")).isNotNegative();
        assertThat(metric(metrics, "pifleet_agent_buffer_oldest_age_seconds", "")).isNotNegative();
        assertThat(metric(metrics, "pifleet_agent_readings_dropped_total", "reason=\"buffer_full\"")).isZero();
        assertThat(metric(metrics, "pifleet_agent_readings_dropped_total", "reason=\"rejected\"")).isZero();
        // RealClaimTest shares this agent and has had a key refused: present, whatever the count.
        assertThat(metric(metrics, "pifleet_agent_key_refused_total", "call=\"upload\"")).isNotNegative();
        assertThat(metric(metrics, "pifleet_agent_key_refused_total", "call=\"heartbeat\"")).isNotNegative();
        assertThat(metric(metrics, "pifleet_agent_sensor_read_errors_total", "sensor=\"simulated\"")).isZero();
    }

    /** The value of one series in a Prometheus text scrape; fails if the series is missing. */
    private static double metric(String scrape, String name, String label) {
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$")
                .matcher(scrape);
        while (line.find()) {
            if (label.isEmpty() || (line.group(1) != null && line.group(1).contains(label))) {
                return Double.parseDouble(line.group(2));
            }
        }
        throw new AssertionError(name + " {" + label + "} is not in /q/metrics:\n" + scrape.lines()
                .filter(l -> l.startsWith("pifleet_")).toList());
    }

    @Test
    void aKeyClaimedForAnotherDeviceIsRefusedByTheAgent() {
        String session = RealCloud.signUp();
        String otherKey = claim(session, SeedDeviceIdentity.deviceId(7L, "Linux", "aarch64") + "-other");

        given().contentType(ContentType.JSON).body(Map.of("apiKey", otherKey, "deviceName", "Not me"))
                .when().post("/device-register")
                .then().statusCode(400).body("error", equalTo("key_rejected"));
    }

    /**
     * A kill between the ingest storing a batch and the agent deleting it from its buffer is the worst moment:
     * the readings are in Parse, yet still on disk. After the restart they are sent again, counted as duplicates,
     * and every reading ends up in Parse exactly once.
     */
    @Test
    void aRestartMidUploadLosesNothingAndStoresNothingTwice(@TempDir Path stateDir) throws Exception {
        String session = RealCloud.signUp();
        String deviceId = "restart-" + UUID.randomUUID();
        String apiKey = claim(session, deviceId);
        Path bufferFile = stateDir.resolve(ReadingBuffer.FILE_NAME);
        Instant start = Instant.now().minusSeconds(600);
        List<Reading> readings = IntStream.range(0, 250)
                .mapToObj(n -> Reading.of(start.plusMillis(n * 1000L), Map.of("temperature", 20 + n / 100.0))).toList();

        try (ReadingBuffer beforeCrash = ReadingBuffer.open(bufferFile, 1000)) {
            readings.forEach(beforeCrash::add);
            // The first batch reaches the ingest and is stored, then the process dies before removing it locally.
            var reply = new CloudClient(URI.create(RealCloud.ingestUrl())).upload(apiKey, beforeCrash.oldest(100));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().path("accepted").asInt()).isEqualTo(100);
        }

        try (ReadingBuffer afterRestart = ReadingBuffer.open(bufferFile, 1000)) {
            CredentialsStore credentials = new CredentialsStore(stateDir);
            credentials.save(new Credentials(apiKey, "Restarted Pi", Instant.now(), PairingMethod.LEGACY));
            Uploader uploader = new Uploader(afterRestart, new CloudClient(URI.create(RealCloud.ingestUrl())), credentials, 100,
                    Duration.ofSeconds(1), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), new Random(3)));
            assertThat(afterRestart.size()).isEqualTo(250);

            List<String> results = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                Thread.sleep(uploader.uploadOnce().duration());
                uploader.lastAttempt().map(Attempt::result).ifPresent(results::add);
                return afterRestart.size() == 0;
            });
            // The first batch the ingest took after the restart was the one it already had.
            assertThat(results.stream().filter(result -> result.startsWith("200")).findFirst())
                    .contains("200 accepted=0 duplicates=100");
        }

        List<String> stored = RealCloud.storedIds(session, deviceId);
        assertThat(stored).hasSize(250);
        assertThat(new HashSet<>(stored)).isEqualTo(Set.copyOf(readings.stream().map(Reading::id).toList()));
    }

    /** The real thing: the sender process is SIGKILLed while it uploads, then started again on the same buffer. */
    @Test
    void aSenderKilledMidUploadAndRestartedDeliversEveryReadingExactlyOnce(@TempDir Path stateDir) throws Exception {
        String session = RealCloud.signUp();
        String deviceId = "killed-" + UUID.randomUUID();
        new CredentialsStore(stateDir).save(new Credentials(claim(session, deviceId), "Killed Pi", Instant.now(), PairingMethod.LEGACY));
        Path bufferFile = stateDir.resolve(ReadingBuffer.FILE_NAME);
        int total = 1000;
        Instant start = Instant.now().minusSeconds(total);
        List<String> ids = new ArrayList<>();
        try (ReadingBuffer buffer = ReadingBuffer.open(bufferFile, 100_000)) {
            for (int n = 0; n < total; n++) {
                Reading reading = Reading.of(start.plusSeconds(n), Map.of("temperature", 20 + n / 100.0));
                buffer.add(reading);
                ids.add(reading.id());
            }
        }

        Process first = startSender(stateDir);
        try (ReadingBuffer watched = ReadingBuffer.open(bufferFile, 100_000)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> watched.size() <= total - 100);
            first.destroyForcibly().waitFor();
        }
        int leftAfterKill;
        try (ReadingBuffer buffer = ReadingBuffer.open(bufferFile, 100_000)) {
            leftAfterKill = (int) buffer.size();
        }
        Process second = startSender(stateDir);
        await().atMost(Duration.ofSeconds(120)).until(() -> !second.isAlive());

        assertThat(second.exitValue()).isZero();
        assertThat(leftAfterKill).as("killed while readings were still waiting").isBetween(1, total - 100);
        List<String> stored = RealCloud.storedIds(session, deviceId);
        assertThat(stored).hasSize(total);
        assertThat(new HashSet<>(stored)).isEqualTo(Set.copyOf(ids));
    }

    private static Process startSender(Path stateDir) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), UploaderProcess.class.getName(),
                stateDir.toString(), RealCloud.ingestUrl(), "10")
                .redirectErrorStream(true)
                .redirectOutput(stateDir.resolve("sender.log").toFile())
                .start();
    }


    private String claim(String session, String deviceId) {
        return given().baseUri(RealCloud.registryUrl()).contentType(ContentType.JSON).header("x-session-token", session)
                .body(Map.of("deviceId", deviceId, "deviceName", "Pi"))
                .post("/api/device/register").then().statusCode(201).extract().path("apiKey");
    }

}
