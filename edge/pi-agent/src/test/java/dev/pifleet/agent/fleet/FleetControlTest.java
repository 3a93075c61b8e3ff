package dev.pifleet.agent.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.sender.Reading;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.device.fleet.DesiredConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fleet control on the agent against a stub cloud (FleetStubCloud): settings applied without a restart and kept on
 * disk, a refused document, each command once with its result retried until acknowledged, what a restart left behind,
 * rotate-key and unpair. One agent for the class, so the steps build on each other in order.
 */
@QuarkusTest
@WithTestResource(FleetStubCloud.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetControlTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path STATE = FleetStubCloud.STATE_DIR;

    @Inject
    ReadingBuffer buffer;

    private static JsonNode result(String id) {
        return await().atMost(WAIT).until(() -> FleetStubCloud.results(id), results -> !results.isEmpty())
                .getFirst().body();
    }

    @Test
    @Order(1)
    void whatARestartCutShortIsReportedAndNotRunAgain() {
        assertThat(result("cut-short").path("state").asText()).isEqualTo("failed");
        assertThat(result("cut-short").path("error").asText()).isEqualTo("interrupted by a restart");
        assertThat(result("restarted").path("state").asText()).isEqualTo("succeeded");
        assertThat(result("restarted").path("result").path("restartedAt").asText()).isNotEmpty();
    }

    @Test
    @Order(2)
    void aNewReadingIntervalIsAppliedWithoutRestartKeptOnDiskAndReportedInTheHeartbeat() throws Exception {
        given().get("/status").then().statusCode(200)
                .body("fleet.settings.readingIntervalSeconds.value", equalTo(3600))
                .body("fleet.settings.readingIntervalSeconds.source", equalTo("local"));

        FleetStubCloud.desire(new DesiredConfig(1, 5, null, null, null));

        JsonNode report = await().atMost(WAIT).until(() -> lastConfigReport(1), node -> node != null);
        assertThat(report.path("appliedAt").asText()).isNotEmpty();
        assertThat(report.path("error").isNull() || report.path("error").isMissingNode()).isTrue();
        given().get("/status").then().statusCode(200)
                .body("fleet.settings.readingIntervalSeconds.value", equalTo(5))
                .body("fleet.settings.readingIntervalSeconds.source", equalTo("cloud"))
                .body("fleet.settings.heartbeatIntervalSeconds.source", equalTo("local"))
                .body("fleet.settings.sensors.value", equalTo(List.of("simulated")))
                .body("fleet.appliedVersion", equalTo(1))
                .body("fleet.report.version", equalTo(1));
        Path file = STATE.resolve(FleetConfigFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("\"readingIntervalSeconds\":5");

        // The readings now come 5 s apart: two new ones, their timestamps one interval from each other.
        Instant applied = Instant.parse(report.path("appliedAt").asText());
        List<Instant> fresh = await().atMost(WAIT).until(() -> readingTimesAfter(applied), times -> times.size() >= 3);
        for (int i = 1; i < fresh.size(); i++) {
            assertThat(Duration.between(fresh.get(i - 1), fresh.get(i)).toMillis()).isBetween(4_500L, 6_500L);
        }

        JsonNode heartbeat = FleetStubCloud.HEARTBEATS.getLast();
        assertThat(heartbeat.path("agentVersion").asText()).isNotEmpty();
        assertThat(heartbeat.path("os").asText()).isNotEmpty();
        assertThat(heartbeat.path("kernel").asText()).isEqualTo(System.getProperty("os.version"));
        assertThat(heartbeat.path("uptimeSeconds").isNumber()).isTrue();
        assertThat(heartbeat.path("backlog").isNumber()).isTrue();
        assertThat(heartbeat.path("oldestBufferedAgeSeconds").isNumber()).isTrue();
        assertThat(heartbeat.path("freeDiskBytes").asLong()).isPositive();
    }

    @Test
    @Order(3)
    void aSensorThisPiLacksIsRefusedWithTheReasonAndTheAppliedSettingsStay() {
        FleetStubCloud.desire(new DesiredConfig(2, 10, null, List.of("simulated", "bme280"), null));

        JsonNode report = await().atMost(WAIT).until(() -> lastConfigReport(2), node -> node != null);
        assertThat(report.path("appliedAt").isNull() || report.path("appliedAt").isMissingNode()).isTrue();
        assertThat(report.path("error").asText()).contains("no sensor bme280");
        given().get("/status").then()
                .body("fleet.settings.readingIntervalSeconds.value", equalTo(5))
                .body("fleet.appliedVersion", equalTo(1))
                .body("fleet.report.version", equalTo(2))
                .body("fleet.report.error", notNullValue());
    }

    @Test
    @Order(4)
    void readSensorsAnswersEveryEnabledSensorsValues() {
        FleetStubCloud.queue("read-1", "read-sensors");

        JsonNode result = result("read-1");
        assertThat(result.path("state").asText()).isEqualTo("succeeded");
        assertThat(result.path("result").path("values").path("temperature").isNumber()).isTrue();
        assertThat(result.path("result").path("sensors").get(0).path("name").asText()).isEqualTo("simulated");
    }

    @Test
    @Order(5)
    void uploadNowEmptiesABacklogInBatchesOfTheCloudsSize() {
        FleetStubCloud.desire(new DesiredConfig(3, 3600, null, null, 40));
        await().atMost(WAIT).until(() -> lastConfigReport(3), node -> node != null);
        await().atMost(WAIT).until(() -> buffer.size() == 0);
        Instant start = Instant.now().minusSeconds(1000);
        List<Reading> backlog = IntStream.range(0, 150)
                .mapToObj(n -> Reading.of(start.plusSeconds(n), Map.of("temperature", 20.0 + n / 100.0))).toList();
        backlog.forEach(buffer::add);
        int batchesBefore = FleetStubCloud.BATCH_SIZES.size();

        FleetStubCloud.queue("upload-1", "upload-now");

        JsonNode result = result("upload-1");
        assertThat(result.path("state").asText()).isEqualTo("succeeded");
        assertThat(result.path("result").path("uploaded").asInt()).isEqualTo(150);
        assertThat(result.path("result").path("backlog").asInt()).isZero();
        assertThat(FleetStubCloud.UPLOADED.stream().map(reading -> reading.path("id").asText()).toList())
                .containsAll(backlog.stream().map(Reading::id).toList());
        assertThat(FleetStubCloud.BATCH_SIZES.subList(batchesBefore, FleetStubCloud.BATCH_SIZES.size()))
                .containsExactly(40, 40, 40, 30);
    }

    @Test
    @Order(6)
    void aCommandSentTwiceRunsOnceAndAResultIsRetriedUntilAcknowledged() {
        FleetStubCloud.FAIL_RESULTS.set(2);
        FleetStubCloud.queue("twice", "read-sensors");
        result("twice");
        assertThat(FleetStubCloud.FAIL_RESULTS.get()).as("the 503s were answered first").isZero();

        FleetStubCloud.queue("twice", "read-sensors");
        FleetStubCloud.queue("after", "read-sensors");
        result("after");
        assertThat(FleetStubCloud.results("twice")).hasSize(1);
    }

    @Test
    @Order(7)
    void rotateKeyStoresTheNewKeyAndReportsWithIt() throws Exception {
        FleetStubCloud.queue("rotate-1", "rotate-key");

        JsonNode result = result("rotate-1");
        assertThat(result.path("state").asText()).isEqualTo("succeeded");
        String newKey = FleetStubCloud.ISSUED_KEYS.getLast();
        assertThat(FleetStubCloud.results("rotate-1").getFirst().authorization()).isEqualTo("Device " + newKey);
        assertThat(Files.readString(STATE.resolve(CredentialsStore.FILE_NAME))).contains(newKey)
                .doesNotContain(FleetStubCloud.FIRST_KEY);
        assertThat(result.toString()).doesNotContain(newKey);

        // The channel carries on with the new key.
        FleetStubCloud.queue("read-2", "read-sensors");
        assertThat(result("read-2").path("state").asText()).isEqualTo("succeeded");
    }

    @Test
    @Order(8)
    void unpairReportsFirstThenForgetsTheKeyAndTheCloudSettingsAndShowsAClaimCode() {
        String key = FleetStubCloud.ISSUED_KEYS.getLast();
        FleetStubCloud.queue("unpair-1", "unpair");

        JsonNode result = result("unpair-1");
        assertThat(result.path("state").asText()).isEqualTo("succeeded");
        assertThat(FleetStubCloud.results("unpair-1").getFirst().authorization()).isEqualTo("Device " + key);
        await().atMost(WAIT).untilAsserted(() -> given().get("/device-id").then()
                .body("registered", equalTo(false))
                .body("claimCode", equalTo("ABCD-EFGH")));
        assertThat(STATE.resolve(CredentialsStore.FILE_NAME)).doesNotExist();
        assertThat(STATE.resolve(FleetConfigFile.FILE_NAME)).doesNotExist();
        given().get("/status").then()
                .body("fleet.settings.readingIntervalSeconds.source", equalTo("local"))
                .body("fleet.report", nullValue());
        assertThat(Set.copyOf(new CommandJournal(STATE).recent(100).stream().map(CommandJournal.Entry::id).toList()))
                .as("the journal stays").contains("unpair-1", "rotate-1", "cut-short");
    }

    /** The config report of the newest heartbeat that carries this version, or null. */
    private static JsonNode lastConfigReport(long version) {
        List<JsonNode> heartbeats = new ArrayList<>(FleetStubCloud.HEARTBEATS);
        for (JsonNode heartbeat : heartbeats.reversed()) {
            if (heartbeat.path("config").path("version").asLong(-1) == version) {
                return heartbeat.path("config");
            }
        }
        return null;
    }

    private static List<Instant> readingTimesAfter(Instant from) {
        return FleetStubCloud.UPLOADED.stream().map(reading -> Instant.parse(reading.path("timestamp").asText()))
                .filter(at -> at.isAfter(from)).sorted().toList();
    }
}
