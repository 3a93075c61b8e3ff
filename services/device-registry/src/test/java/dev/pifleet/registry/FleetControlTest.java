package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.pifleet.fleet.CommandStore;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.registry.TestUsers.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The owner's side of fleet control, against the real Parse Server and auth-gateway. */
@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class FleetControlTest {

    private static final int RACERS = 8;
    private static final int ROUNDS = 3;

    @Inject
    ParseClient parse;

    @Test
    void theDesiredConfigIsVersionedAndReadBack() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);

        as(alice).when().get("/api/devices/" + deviceId + "/config").then().statusCode(200)
                .body("desired.version", equalTo(0)).body("reported", nullValue()).body("state", equalTo("applied"));

        as(alice).contentType(ContentType.JSON).body(Map.of("readingIntervalSeconds", 30, "sensors", List.of("simulated")))
                .when().patch("/api/devices/" + deviceId + "/config").then().statusCode(200)
                .body("desired.version", equalTo(1)).body("desired.readingIntervalSeconds", equalTo(30))
                .body("desired.sensors", contains("simulated")).body("state", equalTo("pending"));
        as(alice).contentType(ContentType.JSON).body(Map.of("uploadBatchSize", 100))
                .when().patch("/api/devices/" + deviceId + "/config").then().statusCode(200)
                .body("desired.version", equalTo(2)).body("desired.uploadBatchSize", equalTo(100))
                .body("desired.readingIntervalSeconds", equalTo(30));

        as(alice).when().get("/api/devices/" + deviceId + "/config").then().statusCode(200)
                .body("desired.version", equalTo(2)).body("desired.heartbeatIntervalSeconds", nullValue())
                .body("state", equalTo("pending"));
        as(alice).when().get("/api/devices").then().statusCode(200)
                .body("devices[0].config.desiredVersion", equalTo(2))
                .body("devices[0].config.state", equalTo("pending"))
                .body("devices[0].agent", nullValue())
                .body("devices[0].tags", equalTo(List.of()));
    }

    @Test
    void parallelChangesEachGetTheirOwnVersionAndNoFieldIsLost() throws Exception {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                int base = 100 * (round + 1);
                // Each racer sets a different setting (two racers per setting) to a value of its own.
                List<Callable<Long>> changes = IntStream.range(0, RACERS).<Callable<Long>>mapToObj(i -> () -> {
                    Map<String, Object> body = switch (i % 4) {
                        case 0 -> Map.of("readingIntervalSeconds", base + i);
                        case 1 -> Map.of("heartbeatIntervalSeconds", base + i);
                        case 2 -> Map.of("uploadBatchSize", round(base) + i);
                        default -> Map.of("sensors", List.of("s" + base + "-" + i));
                    };
                    return as(alice).contentType(ContentType.JSON).body(body)
                            .when().patch("/api/devices/" + deviceId + "/config")
                            .then().statusCode(200).extract().jsonPath().getLong("desired.version");
                }).toList();
                List<Long> versions = new ArrayList<>();
                for (Future<Long> version : pool.invokeAll(changes)) {
                    versions.add(version.get());
                }
                assertThat(new HashSet<>(versions)).as("round %d: distinct versions", round).hasSize(RACERS);
                long first = (long) round * RACERS + 1;
                assertThat(versions).as("round %d", round).allMatch(v -> v >= first && v < first + RACERS);

                JsonPath stored = as(alice).when().get("/api/devices/" + deviceId + "/config")
                        .then().statusCode(200).extract().jsonPath();
                assertThat(stored.getLong("desired.version")).isEqualTo(first + RACERS - 1);
                // Every setting holds one of the values written to it this round: none was lost or overwritten by
                // a racer that did not name it.
                assertThat(stored.getInt("desired.readingIntervalSeconds")).isIn(base, base + 4);
                assertThat(stored.getInt("desired.heartbeatIntervalSeconds")).isIn(base + 1, base + 5);
                assertThat(stored.getInt("desired.uploadBatchSize")).isIn(round(base) + 2, round(base) + 6);
                assertThat(stored.getList("desired.sensors", String.class)).hasSize(1)
                        .first().isIn("s" + base + "-3", "s" + base + "-7");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Upload batch sizes stay within 1-500. */
    private static int round(int base) {
        return base / 10;
    }

    @Test
    void aCommandIsQueuedListedNewestFirstAndPagedByCursor() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        List<String> ids = new ArrayList<>();
        for (String name : List.of("upload-now", "read-sensors", "restart-agent")) {
            JsonPath created = as(alice).contentType(ContentType.JSON).body(Map.of("name", name, "ttlSeconds", 600))
                    .when().post("/api/devices/" + deviceId + "/commands").then().statusCode(201)
                    .body("success", equalTo(true)).body("command.name", equalTo(name))
                    .body("command.state", equalTo("queued")).body("command.createdAt", notNullValue())
                    .body("command.expiresAt", notNullValue()).extract().jsonPath();
            ids.add(created.getString("command.id"));
        }
        as(alice).when().get("/api/devices/" + deviceId + "/commands/" + ids.get(1)).then().statusCode(200)
                .body("command.id", equalTo(ids.get(1))).body("command.state", equalTo("queued"))
                .body("command.sentAt", nullValue()).body("command.result", nullValue());

        JsonPath first = as(alice).queryParam("limit", 2).when().get("/api/devices/" + deviceId + "/commands")
                .then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("commands.id")).containsExactly(ids.get(2), ids.get(1));
        JsonPath second = as(alice).queryParam("limit", 2).queryParam("cursor", first.getString("nextCursor"))
                .when().get("/api/devices/" + deviceId + "/commands").then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("commands.id")).containsExactly(ids.get(0));
        assertThat(second.getString("nextCursor")).isNull();
        as(alice).queryParam("cursor", "bogus").when().get("/api/devices/" + deviceId + "/commands")
                .then().statusCode(400).body("details.field", hasItem("cursor"));
    }

    @Test
    void aCommandPastItsTtlIsShownAndStoredExpired() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        String id = as(alice).contentType(ContentType.JSON).body(Map.of("name", "unpair", "ttlSeconds", 600))
                .when().post("/api/devices/" + deviceId + "/commands").then().statusCode(201)
                .extract().path("command.id");
        parse.update(ParseAuth.master(), CommandStore.CLASS, id,
                ParseFields.create().set("expiresAt", Instant.now().minusSeconds(1)));

        as(alice).when().get("/api/devices/" + deviceId + "/commands/" + id).then().statusCode(200)
                .body("command.state", equalTo("expired")).body("command.finishedAt", notNullValue());
        assertThat(parse.get(ParseAuth.master(), CommandStore.CLASS, id).getString("outcome")).isEqualTo("expired");
    }

    @Test
    void tagsFilterTheListAndTargetFleetOperationsExactly() {
        TestUser alice = TestUsers.signUp();
        String a = newDeviceId();
        String b = newDeviceId();
        String c = newDeviceId();
        for (String deviceId : List.of(a, b, c)) {
            claim(alice.sessionToken(), deviceId);
        }
        tag(alice, a, List.of("greenhouse", "north"));
        tag(alice, b, List.of("greenhouse"));
        tag(alice, c, List.of("garage"));
        as(alice).contentType(ContentType.JSON).body(Map.of("name", "Renamed only")).when().patch("/api/devices/" + c)
                .then().statusCode(200).body("device.tags", contains("garage")).body("device.name", equalTo("Renamed only"));

        as(alice).queryParam("tag", "greenhouse").when().get("/api/devices").then().statusCode(200)
                .body("devices.deviceId", containsInAnyOrder(a, b));
        as(alice).queryParam("tag", "Bad Tag").when().get("/api/devices").then().statusCode(400);

        as(alice).contentType(ContentType.JSON).body(Map.of("tag", "greenhouse", "readingIntervalSeconds", 15))
                .when().post("/api/fleet/config").then().statusCode(200)
                .body("results.deviceId", containsInAnyOrder(a, b))
                .body("results.status", contains("queued", "queued"))
                .body("results.version", contains(1, 1));
        as(alice).when().get("/api/devices/" + c + "/config").then().body("desired.version", equalTo(0));

        as(alice).contentType(ContentType.JSON).body(Map.of("tag", "greenhouse", "name", "read-sensors"))
                .when().post("/api/fleet/commands").then().statusCode(200)
                .body("results.deviceId", containsInAnyOrder(a, b))
                .body("results.command.state", contains("queued", "queued"));
        assertThat(commandCount(a)).isEqualTo(1);
        assertThat(commandCount(b)).isEqualTo(1);
        assertThat(commandCount(c)).isZero();

        TestUser bob = TestUsers.signUp();
        String bobs = newDeviceId();
        claim(bob.sessionToken(), bobs);
        as(alice).contentType(ContentType.JSON).body(Map.of("deviceIds", List.of(c, bobs, c), "uploadBatchSize", 10))
                .when().post("/api/fleet/config").then().statusCode(200)
                .body("results.deviceId", contains(c, bobs))
                .body("results.status", contains("queued", "not_found"))
                .body("results[0].version", equalTo(1));
        as(bob).when().get("/api/devices/" + bobs + "/config").then().body("desired.version", equalTo(0));
    }

    @Test
    void anotherUsersDeviceConfigAndCommandsAre404() {
        TestUser alice = TestUsers.signUp();
        TestUser mallory = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        String id = as(alice).contentType(ContentType.JSON).body(Map.of("name", "upload-now"))
                .when().post("/api/devices/" + deviceId + "/commands").then().statusCode(201).extract().path("command.id");
        String malloryDevice = newDeviceId();
        claim(mallory.sessionToken(), malloryDevice);

        String path = "/api/devices/" + deviceId;
        as(mallory).when().get(path + "/config").then().statusCode(404).body("error", equalTo("not_found"));
        as(mallory).contentType(ContentType.JSON).body(Map.of("readingIntervalSeconds", 60)).when().patch(path + "/config")
                .then().statusCode(404);
        as(mallory).contentType(ContentType.JSON).body(Map.of("name", "unpair")).when().post(path + "/commands")
                .then().statusCode(404);
        as(mallory).when().get(path + "/commands").then().statusCode(404);
        as(mallory).when().get(path + "/commands/" + id).then().statusCode(404);
        // Alice's command id under Mallory's own device is no command of that device.
        as(mallory).when().get("/api/devices/" + malloryDevice + "/commands/" + id).then().statusCode(404);
        as(mallory).contentType(ContentType.JSON).body(Map.of("tags", List.of("mine"))).when().patch(path).then().statusCode(404);
        as(alice).when().get(path + "/config").then().statusCode(200).body("desired.version", equalTo(0));
        assertThat(commandCount(deviceId)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"readingIntervalSeconds\":4}", "{\"readingIntervalSeconds\":86401}",
            "{\"heartbeatIntervalSeconds\":9}", "{\"uploadBatchSize\":0}", "{\"uploadBatchSize\":501}",
            "{\"sensors\":[]}", "{\"sensors\":[\"BME280\"]}", "{\"sensors\":[\"a\",\"a\"]}", "{\"sensors\":\"bme280\"}",
            "{\"readingIntervalSeconds\":\"30\"}", "{\"readingIntervalSeconds\":true}", "{\"readingIntervalSeconds\":30.5}",
            "{\"uploadBatchSize\":1e2}"})
    void badConfigIs400NamingTheFieldAndChangesNothing(String body) {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        as(alice).contentType(ContentType.JSON).body(body).when().patch("/api/devices/" + deviceId + "/config")
                .then().statusCode(400).body("error", equalTo("invalid_input")).body("details.field", notNullValue());
        as(alice).contentType(ContentType.JSON).body(withField("\"deviceIds\":[\"" + deviceId + "\"]", body))
                .when().post("/api/fleet/config").then().statusCode(400);
        as(alice).when().get("/api/devices/" + deviceId + "/config").then().body("desired.version", equalTo(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"name\":\"format-disk\"}", "{\"name\":\"upload-now\",\"ttlSeconds\":0}",
            "{\"name\":\"upload-now\",\"ttlSeconds\":604801}", "{\"name\":\"upload-now\",\"args\":{\"a.b\":1}}",
            "{\"name\":\"upload-now\",\"args\":{\"$where\":1}}", "{\"name\":\"upload-now\",\"args\":[1]}",
            "{\"name\":\"upload-now\",\"args\":{\"constructor\":{\"prototype\":1}}}",
            "{\"name\":42}"})
    void badCommandsAre400AndQueueNothing(String body) {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        as(alice).contentType(ContentType.JSON).body(body).when().post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(400).body("error", equalTo("invalid_input"));
        as(alice).contentType(ContentType.JSON).body(withField("\"tag\":\"x\"", body))
                .when().post("/api/fleet/commands").then().statusCode(400);
        assertThat(commandCount(deviceId)).isZero();
    }

    @Test
    void aFleetRequestNamesEitherDeviceIdsOrATag() {
        TestUser alice = TestUsers.signUp();
        as(alice).contentType(ContentType.JSON).body(Map.of("name", "upload-now")).when().post("/api/fleet/commands")
                .then().statusCode(400).body("details.field", hasItem("deviceIds"));
        as(alice).contentType(ContentType.JSON).body(Map.of("name", "upload-now", "tag", "a", "deviceIds", List.of("pi-1234")))
                .when().post("/api/fleet/commands").then().statusCode(400).body("details.field", hasItem("deviceIds"));
        as(alice).contentType(ContentType.JSON).body(Map.of("name", "upload-now", "deviceIds", List.of("bad id")))
                .when().post("/api/fleet/commands").then().statusCode(400);
        as(alice).contentType(ContentType.JSON).body(Map.of("readingIntervalSeconds", 30, "tag", "a"))
                .when().patch("/api/devices/pi-1234/config").then().statusCode(400).body("details.field", hasItem("tag"));
        as(alice).contentType(ContentType.JSON).body(Map.of("tags", List.of("UPPER"))).when().patch("/api/devices/pi-1234")
                .then().statusCode(400).body("details.field", hasItem(startsWith("tags")));
    }

    /** The JSON object {@code body} with one more field in front. */
    private static String withField(String field, String body) {
        return "{" + field + (body.equals("{}") ? "}" : "," + body.substring(1));
    }

    private void tag(TestUser user, String deviceId, List<String> tags) {
        as(user).contentType(ContentType.JSON).body(Map.of("tags", tags)).when().patch("/api/devices/" + deviceId)
                .then().statusCode(200).body("device.tags", equalTo(tags));
    }

    private long commandCount(String deviceId) {
        return parse.count(ParseAuth.master(), ParseQuery.of(CommandStore.CLASS).equalTo("deviceId", deviceId));
    }

    private static RequestSpecification as(TestUser user) {
        return given().header("x-session-token", user.sessionToken());
    }
}
