package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.device.fleet.AgentReport;
import dev.pifleet.device.release.UpdateOffer;
import dev.pifleet.device.release.UpdateReport;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.fleet.FleetDevice;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.registry.TestUsers.TestUser;
import dev.pifleet.testing.AtOnce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Staged rollouts against the real Parse Server: the devices' progress is written as the ingest writes it from their
 * heartbeats ({@link DeviceConfigStore#report}); the offer is read where the ingest reads it for the long-poll.
 */
@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class RolloutTest {

    private static final int RACERS = 8;
    private static final int ROUNDS = 3;

    @Inject
    ParseClient parse;

    @Inject
    DeviceConfigStore configs;

    record Fleet(TestUser owner, List<String> deviceIds, String tag) {
    }

    @Test
    void wavesAdvanceInOrderAndTheRolloutCompletes() {
        Fleet fleet = fleet(4);
        String version = TestReleases.published();
        JsonPath created = start(fleet, Map.of("version", version, "tag", fleet.tag(), "waves", List.of(25, 50, 100),
                "maxFailures", 0)).then().statusCode(201).extract().jsonPath();
        String id = created.getString("rollout.id");
        assertThat(created.getString("rollout.state")).isEqualTo("running");
        assertThat(states(created)).containsExactly("offered", "pending", "pending", "pending");
        List<String> byWave = created.getList("rollout.devices.deviceId");

        UpdateOffer offer = offer(fleet, byWave.get(0));
        assertThat(offer.rolloutId()).isEqualTo(id);
        assertThat(offer.version()).isEqualTo(version);
        assertThat(offer.sha256()).isEqualTo(TestReleases.sha256(version));
        assertThat(offer.allowDowngrade()).isFalse();
        assertThat(offer(fleet, byWave.get(1))).as("a later wave is not offered yet").isNull();

        report(fleet, byWave.get(0), id, version, "downloading", null);
        assertThat(states(get(fleet, id))).containsExactly("downloading", "pending", "pending", "pending");
        // The sweep (every second) may take a step just before this GET; a GET that loses the step to it shows
        // what is stored until the sweep has written it, so these are bounded polls.
        report(fleet, byWave.get(0), id, version, "succeeded", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> states(get(fleet, id))
                .equals(List.of("succeeded", "offered", "pending", "pending")));
        report(fleet, byWave.get(1), id, version, "succeeded", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> states(get(fleet, id))
                .equals(List.of("succeeded", "succeeded", "offered", "offered")));
        assertThat(get(fleet, id).getInt("rollout.currentWave")).isEqualTo(2);
        report(fleet, byWave.get(2), id, version, "succeeded", null);
        report(fleet, byWave.get(3), id, version, "succeeded", null);
        // Nobody looks: the sweep completes it.
        await().atMost(Duration.ofSeconds(20)).until(() -> get(fleet, id).getString("rollout.state").equals("completed"));
    }

    @Test
    void failuresPastMaxFailuresPauseTheRolloutAndLaterWavesAreNeverOffered() {
        Fleet fleet = fleet(3);
        String version = TestReleases.published();
        String id = start(fleet, Map.of("version", version, "deviceIds", fleet.deviceIds(), "waves", List.of(10, 100),
                "maxFailures", 0)).then().statusCode(201).extract().path("rollout.id");
        List<String> byWave = get(fleet, id).getList("rollout.devices.deviceId");
        report(fleet, byWave.get(0), id, version, "rolled-back", "the new agent was not healthy within 120 s");

        JsonPath paused = get(fleet, id);
        assertThat(paused.getString("rollout.state")).isEqualTo("paused");
        assertThat(paused.getString("rollout.reason")).contains(byWave.get(0)).contains("rolled-back")
                .contains("not healthy within 120 s").contains("maxFailures 0");
        assertThat(states(paused)).containsExactly("rolled-back", "pending", "pending");
        // The sweep runs every second: still nobody in the later wave is offered the version.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                offer(fleet, byWave.get(1)) == null && offer(fleet, byWave.get(2)) == null);

        as(fleet.owner()).post("/api/rollouts/" + id + "/resume").then().statusCode(200)
                .body("rollout.state", equalTo("running")).body("rollout.currentWave", equalTo(1));
        assertThat(offer(fleet, byWave.get(1)).rolloutId()).isEqualTo(id);
    }

    @Test
    void theOwnerPausesResumesAndCancels() {
        Fleet fleet = fleet(2);
        String version = TestReleases.published();
        String id = start(fleet, Map.of("version", version, "tag", fleet.tag(), "waves", List.of(50, 100),
                "maxFailures", 1)).then().statusCode(201).extract().path("rollout.id");
        List<String> byWave = get(fleet, id).getList("rollout.devices.deviceId");
        as(fleet.owner()).post("/api/rollouts/" + id + "/pause").then().statusCode(200)
                .body("rollout.state", equalTo("paused")).body("rollout.reason", equalTo("paused by the owner"));
        report(fleet, byWave.get(0), id, version, "succeeded", null);
        assertThat(get(fleet, id).getInt("rollout.currentWave")).as("paused: no next wave").isZero();
        as(fleet.owner()).post("/api/rollouts/" + id + "/resume").then().statusCode(200)
                .body("rollout.state", equalTo("running")).body("rollout.currentWave", equalTo(1));
        as(fleet.owner()).post("/api/rollouts/" + id + "/cancel").then().statusCode(200)
                .body("rollout.state", equalTo("cancelled")).body("rollout.devices[1].state", equalTo("cancelled"));
        assertThat(offer(fleet, byWave.get(1))).as("an offer not taken up is withdrawn").isNull();
        as(fleet.owner()).post("/api/rollouts/" + id + "/resume").then().statusCode(409);
        as(fleet.owner()).get("/api/rollouts").then().statusCode(200).body("rollouts[0].id", equalTo(id));
    }

    @Test
    void anotherUsersRolloutIsNotFoundAndBadInputIsA400() {
        Fleet fleet = fleet(1);
        String version = TestReleases.published();
        String id = start(fleet, Map.of("version", version, "tag", fleet.tag(), "waves", List.of(100),
                "maxFailures", 0)).then().statusCode(201).extract().path("rollout.id");
        TestUser mallory = TestUsers.signUp();
        as(mallory).get("/api/rollouts/" + id).then().statusCode(404).body("error", equalTo("not_found"));
        for (String action : List.of("pause", "resume", "cancel")) {
            as(mallory).post("/api/rollouts/" + id + "/" + action).then().statusCode(404);
        }
        as(mallory).get("/api/rollouts/not-an-id!").then().statusCode(400);
        given().get("/api/rollouts/" + id).then().statusCode(401);
        // Mallory cannot roll out to someone else's device: it does not exist for her.
        start(new Fleet(mallory, fleet.deviceIds(), null), Map.of("version", version, "deviceIds", fleet.deviceIds(),
                "waves", List.of(100), "maxFailures", 0)).then().statusCode(400).body("details[0].field", equalTo("deviceIds"));

        Map<String, Object> good = Map.of("version", version, "tag", fleet.tag(), "waves", List.of(100), "maxFailures", 0);
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(Map.entry("waves", List.of(50, 40)),
                Map.entry("waves", List.of(50)), Map.entry("waves", List.of()), Map.entry("maxFailures", -1),
                Map.entry("version", "9.9.9-unpublished"), Map.entry("version", "x|y"), Map.entry("deviceIds", List.of("a")))) {
            Map<String, Object> body = new HashMap<>(good);
            body.put(bad.getKey(), bad.getValue());
            start(fleet, body).then().statusCode(400).body("success", equalTo(false));
        }
        assertThat(parse.count(ParseAuth.master(), ParseQuery.of("Rollout").equalTo("owner",
                dev.pifleet.parse.Pointer.user(mallory.userId())))).isZero();
    }

    @Test
    void anOfflineDeviceFindsTheOfferInItsDesiredDocument() {
        Fleet fleet = fleet(1);
        String version = TestReleases.published();
        String id = start(fleet, Map.of("version", version, "tag", fleet.tag(), "waves", List.of(100),
                "maxFailures", 0, "allowDowngrade", true)).then().statusCode(201).extract().path("rollout.id");
        // What the ingest hands a Pi that asks with any other version (docs/fleet.md): the whole document.
        as(fleet.owner()).get("/api/devices/" + fleet.deviceIds().getFirst() + "/config").then().statusCode(200)
                .body("desired.version", equalTo(1))
                .body("desired.update.rolloutId", equalTo(id))
                .body("desired.update.version", equalTo(version))
                .body("desired.update.url", containsString(version))
                .body("desired.update.allowDowngrade", equalTo(true));
    }

    @Test
    void eightLooksAtOnceStartTheNextWaveOnce() {
        for (int round = 0; round < ROUNDS; round++) {
            Fleet fleet = fleet(2);
            String version = TestReleases.published();
            String id = start(fleet, Map.of("version", version, "tag", fleet.tag(), "waves", List.of(50, 100),
                    "maxFailures", 0)).then().statusCode(201).extract().path("rollout.id");
            List<String> byWave = get(fleet, id).getList("rollout.devices.deviceId");
            report(fleet, byWave.get(0), id, version, "succeeded", null);

            List<Integer> waves = AtOnce.run(RACERS, i -> get(fleet, id).getInt("rollout.currentWave"));
            assertThat(waves).as("round %d", round).allMatch(wave -> wave == 0 || wave == 1);
            assertThat(get(fleet, id).getInt("rollout.currentWave")).isEqualTo(1);
            assertThat(configs.find(objectId(byWave.get(1))).desired().version())
                    .as("round %d: the second wave's offer written once", round).isEqualTo(1);
            assertThat(steps(id + "|start-1")).isEqualTo(1);

            List<Integer> cancels = AtOnce.run(RACERS, i -> as(fleet.owner()).post("/api/rollouts/" + id + "/cancel")
                    .statusCode());
            assertThat(cancels).containsOnly(200);
            assertThat(configs.find(objectId(byWave.get(1))).desired().version())
                    .as("round %d: the offer withdrawn once", round).isEqualTo(2);
        }
    }

    @Test
    void eightFailureReportsAtOncePauseOnce() {
        for (int round = 0; round < ROUNDS; round++) {
            Fleet fleet = fleet(4);
            String version = TestReleases.published();
            String id = start(fleet, Map.of("version", version, "tag", fleet.tag(), "waves", List.of(50, 100),
                    "maxFailures", 1)).then().statusCode(201).extract().path("rollout.id");
            List<String> byWave = get(fleet, id).getList("rollout.devices.deviceId");
            report(fleet, byWave.get(0), id, version, "failed", "sha256 mismatch");
            report(fleet, byWave.get(1), id, version, "failed", "sha256 mismatch");
            List<String> states = AtOnce.run(RACERS, i -> get(fleet, id).getString("rollout.state"));
            assertThat(states).as("round %d", round).allMatch(state -> state.equals("running") || state.equals("paused"));
            assertThat(get(fleet, id).getString("rollout.state")).isEqualTo("paused");
            assertThat(steps(id + "|pause-0-0")).isEqualTo(1);
            assertThat(steps(id + "|start-1")).isZero();
            assertThat(offer(fleet, byWave.get(2))).isNull();
            assertThat(offer(fleet, byWave.get(3))).isNull();
        }
    }

    private Fleet fleet(int size) {
        TestUser owner = TestUsers.signUp();
        String tag = "t" + Long.toHexString(System.nanoTime());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String deviceId = newDeviceId();
            claim(owner.sessionToken(), deviceId);
            as(owner).contentType(ContentType.JSON).body(Map.of("tags", List.of(tag)))
                    .patch("/api/devices/" + deviceId).then().statusCode(200);
            ids.add(deviceId);
        }
        return new Fleet(owner, ids, tag);
    }

    private io.restassured.response.Response start(Fleet fleet, Map<String, Object> body) {
        return as(fleet.owner()).contentType(ContentType.JSON).body(body).post("/api/rollouts");
    }

    private JsonPath get(Fleet fleet, String id) {
        return as(fleet.owner()).get("/api/rollouts/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> states(JsonPath rollout) {
        return rollout.getList("rollout.devices.state");
    }

    private void report(Fleet fleet, String deviceId, String rolloutId, String version, String state, String reason) {
        FleetDevice device = new FleetDevice(objectId(deviceId), deviceId, fleet.owner().userId());
        configs.report(device, configs.find(device.objectId()), new AgentReport(1L, "1.0.0", null, null, 0L, 0L, 1L,
                null, new UpdateReport(rolloutId, version, state, reason)), Instant.now());
    }

    private UpdateOffer offer(Fleet fleet, String deviceId) {
        return configs.find(objectId(deviceId)).desired().update();
    }

    private String objectId(String deviceId) {
        return TestDevices.row(parse, deviceId).objectId();
    }

    private long steps(String key) {
        return parse.count(ParseAuth.master(), ParseQuery.of("RolloutStep").equalTo("key", key));
    }

    private static RequestSpecification as(TestUser user) {
        return given().header("x-session-token", user.sessionToken());
    }
}
