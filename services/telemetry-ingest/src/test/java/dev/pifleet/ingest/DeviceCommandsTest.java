package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.device.fleet.CommandName;
import dev.pifleet.fleet.CommandStore;
import dev.pifleet.fleet.ConfigChange;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.fleet.FleetDevice;
import dev.pifleet.fleet.StoredCommand;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The device side of fleet control against the real Parse Server: commands and config arranged through the fleet
 * stores (as the registry writes them), delivered by the long-poll, finished by results, reported by heartbeats.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class DeviceCommandsTest {

    private static final int RACERS = 8;
    private static final int ROUNDS = 4;
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Inject
    ParseClient parse;

    @Inject
    dev.pifleet.ingest.fleet.CommandWakeups wakeups;

    @Inject
    CommandStore commands;

    @Inject
    DeviceConfigStore configs;

    @Test
    void theSeedsBodilessHeartbeatStillWorksAndAnswersTheFleetFields() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        given().header("Authorization", device.authorization())
                .when().post("/api/device/heartbeat")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("deviceId", equalTo(device.deviceId()))
                .body("configVersion", equalTo(0))
                .body("pendingCommands", equalTo(0));
    }

    @Test
    void aChangedDesiredDocumentIsAnsweredAtOnceAndTheSameVersionWaits() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        long version = configs.change(fleet(device), new ConfigChange(30, null, List.of("simulated"), null), Instant.now());
        assertThat(version).isEqualTo(1);

        JsonPath changed = poll(device, 0, 0L).then().statusCode(200).extract().jsonPath();
        assertThat(changed.getLong("config.version")).isEqualTo(1);
        assertThat(changed.getInt("config.readingIntervalSeconds")).isEqualTo(30);
        assertThat(changed.getList("config.sensors")).containsExactly("simulated");
        assertThat(changed.getList("commands")).isEmpty();

        JsonPath same = poll(device, 1, 1L).then().statusCode(200).extract().jsonPath();
        assertThat(same.getString("config")).isNull();
        assertThat(same.getList("commands")).isEmpty();

        given().header("Authorization", device.authorization()).when().post("/api/device/heartbeat")
                .then().statusCode(200).body("configVersion", equalTo(1));
    }

    @Test
    void aHeldLongPollIsWokenByACommandQueuedMeanwhile() throws Exception {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<JsonPath> held = pool.submit(() -> poll(device, 50, null).then().statusCode(200).extract().jsonPath());
            // The poll is held once it has checked Parse and found nothing; a command queued then must wake it.
            await().atMost(BOUND).until(() -> heldPolls() > 0);
            StoredCommand queued = queue(device, CommandName.READ_SENSORS, Instant.now().plusSeconds(600));
            JsonPath answer = held.get(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.getList("commands.id")).containsExactly(queued.id());
            assertThat(answer.getString("commands[0].name")).isEqualTo("read-sensors");
            assertThat(commands.ofDevice(device.objectId(), queued.id()).orElseThrow().state().wireName()).isEqualTo("sent");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeviceFoundQuietIsStillWokenOnItsNextPoll() throws Exception {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            // Hold one poll so the wake-up looks run, then let a short poll find the device quiet.
            Future<JsonPath> first = pool.submit(() -> poll(device, 3, 0L).then().statusCode(200).extract().jsonPath());
            assertThat(first.get(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).getList("commands")).isEmpty();
            // The next poll with the same version may skip its own check; a change must still reach it.
            Future<JsonPath> held = pool.submit(() -> poll(device, 50, 0L).then().statusCode(200).extract().jsonPath());
            await().atMost(BOUND).until(() -> heldPolls() > 0);
            long version = configs.change(fleet(device), new ConfigChange(null, 20, null, null), Instant.now());
            JsonPath answer = held.get(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.getLong("config.version")).isEqualTo(version);
            assertThat(answer.getInt("config.heartbeatIntervalSeconds")).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aResultIsStoredOnceAnotherDevicesCommandIs404() {
        ParseUser owner = TestFleet.newUser(parse);
        TestDevice device = TestFleet.newDevice(parse, owner);
        TestDevice other = TestFleet.newDevice(parse, owner);
        StoredCommand queued = queue(device, CommandName.READ_SENSORS, Instant.now().plusSeconds(600));

        result(device, queued.id(), Map.of("state", "succeeded")).then().statusCode(409).body("error", equalTo("not_sent"));
        assertThat(poll(device, 0, null).then().statusCode(200).extract().jsonPath().getList("commands.id"))
                .containsExactly(queued.id());
        result(other, queued.id(), Map.of("state", "succeeded")).then().statusCode(404);
        result(device, queued.id(), Map.of("state", "succeeded", "result", Map.of("bme280", Map.of("temperature", 21.5))))
                .then().statusCode(200);
        result(device, queued.id(), Map.of("state", "failed", "error", "late")).then().statusCode(409)
                .body("error", equalTo("already_finished"));
        result(device, "nosuchcommand1", Map.of("state", "succeeded")).then().statusCode(404);

        StoredCommand stored = commands.ofDevice(device.objectId(), queued.id()).orElseThrow();
        assertThat(stored.state().wireName()).isEqualTo("succeeded");
        assertThat(stored.result()).isEqualTo(Map.of("bme280", Map.of("temperature", 21.5)));
        assertThat(stored.sentAt()).isNotNull();
        assertThat(stored.finishedAt()).isNotNull();
    }

    @Test
    void badInputIs400AndStoresNothing() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        given().header("Authorization", device.authorization()).queryParam("waitSeconds", 61)
                .when().get("/api/device/commands").then().statusCode(400);
        given().header("Authorization", device.authorization()).queryParam("waitSeconds", -1)
                .when().get("/api/device/commands").then().statusCode(400);
        StoredCommand queued = queue(device, CommandName.UPLOAD_NOW, Instant.now().plusSeconds(600));
        poll(device, 0, null).then().statusCode(200);
        result(device, queued.id(), Map.of("state", "done")).then().statusCode(400);
        result(device, queued.id(), Map.of("state", "succeeded", "result", Map.of("a.b", 1))).then().statusCode(400)
                .body("details[0].field", equalTo("result"));
        result(device, queued.id(), Map.of("state", "succeeded", "result", Map.of("constructor", 1))).then().statusCode(400);
        result(device, queued.id(), Map.of("state", "succeeded", "result", Map.of("t", "a\u0000b"))).then().statusCode(400);
        result(device, queued.id(), Map.of("state", "failed", "error", "a\u0000b")).then().statusCode(400);
        assertThat(commands.ofDevice(device.objectId(), queued.id()).orElseThrow().state().wireName()).isEqualTo("sent");
        heartbeat(device, Map.of("agentVersion", "a\u0000b")).then().statusCode(400).body("details[0].field", equalTo("agentVersion"));
        assertThat(configs.find(device.objectId()).agent()).isNull();
        given().when().get("/api/device/commands").then().statusCode(401);
    }

    @Test
    void anExpiredCommandIsNeverDelivered() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        queue(device, CommandName.RESTART_AGENT, Instant.now().minusSeconds(1));
        assertThat(poll(device, 0, null).then().statusCode(200).extract().jsonPath().getList("commands")).isEmpty();
        given().header("Authorization", device.authorization()).when().post("/api/device/heartbeat")
                .then().statusCode(200).body("pendingCommands", equalTo(0));
    }

    @Test
    void parallelPollsDeliverACommandOnceAndParallelResultsStoreOne() throws Exception {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                StoredCommand queued = queue(device, CommandName.UPLOAD_NOW, Instant.now().plusSeconds(600));
                List<Callable<List<String>>> polls = IntStream.range(0, RACERS).<Callable<List<String>>>mapToObj(i ->
                        () -> poll(device, 0, null).then().statusCode(200).extract().jsonPath().getList("commands.id"))
                        .toList();
                List<String> delivered = pool.invokeAll(polls).stream().flatMap(future -> get(future).stream()).toList();
                assertThat(delivered).as("round %d", round).containsExactly(queued.id());

                List<Callable<Integer>> results = IntStream.range(0, RACERS).<Callable<Integer>>mapToObj(i ->
                        () -> result(device, queued.id(), Map.of("state", i % 2 == 0 ? "succeeded" : "failed",
                                "error", "racer " + i)).statusCode()).toList();
                List<Integer> statuses = pool.invokeAll(results).stream().map(DeviceCommandsTest::get).toList();
                assertThat(statuses).as("round %d", round).containsOnly(200, 409);
                assertThat(statuses.stream().filter(status -> status == 200)).as("round %d", round).hasSize(1);
                assertThat(commands.ofDevice(device.objectId(), queued.id()).orElseThrow().state().finished()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theHeartbeatStoresItsReportOnlyWhenMoreThanTheUptimeChanged() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        Map<String, Object> report = Map.of("uptimeSeconds", 100, "agentVersion", "1.4.0", "os", "Raspbian 12",
                "kernel", "6.6.31", "backlog", 0, "oldestBufferedAgeSeconds", 0, "freeDiskBytes", 1_000_000,
                "config", Map.of("version", 0));
        heartbeat(device, report).then().statusCode(200);
        Instant first = configs.find(device.objectId()).agent().reportedAt();
        assertThat(configs.find(device.objectId()).agent().agentVersion()).isEqualTo("1.4.0");

        Map<String, Object> onlyUptime = new java.util.HashMap<>(report);
        onlyUptime.put("uptimeSeconds", 160);
        heartbeat(device, onlyUptime).then().statusCode(200);
        assertThat(configs.find(device.objectId()).agent().reportedAt()).isEqualTo(first);

        Map<String, Object> backlog = new java.util.HashMap<>(onlyUptime);
        backlog.put("backlog", 42);
        heartbeat(device, backlog).then().statusCode(200);
        assertThat(configs.find(device.objectId()).agent().backlog()).isEqualTo(42L);
        assertThat(configs.find(device.objectId()).agent().uptimeSeconds()).isEqualTo(160L);
    }

    private StoredCommand queue(TestDevice device, CommandName name, Instant expiresAt) {
        return commands.queueAll(List.of(fleet(device)), name, Map.of(), expiresAt).getFirst();
    }

    private static FleetDevice fleet(TestDevice device) {
        return new FleetDevice(device.objectId(), device.deviceId(), device.owner().objectId());
    }

    private static Response poll(TestDevice device, int waitSeconds, Long configVersion) {
        var request = given().header("Authorization", device.authorization()).queryParam("waitSeconds", waitSeconds);
        if (configVersion != null) {
            request.queryParam("configVersion", configVersion);
        }
        return request.when().get("/api/device/commands");
    }

    private static Response result(TestDevice device, String commandId, Map<String, Object> body) {
        return given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body(body)
                .when().post("/api/device/commands/" + commandId + "/result");
    }

    private static Response heartbeat(TestDevice device, Map<String, Object> body) {
        return given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body(body)
                .when().post("/api/device/heartbeat");
    }

    /** Read from the bean, not /q/metrics: a gauge of an earlier app in this JVM may shadow this app's. */
    private double heldPolls() {
        return wakeups.heldDevices();
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
