package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FleetServicesTestResource.class)
class ReadingHistoryTest {

    @Inject
    ParseClient parse;

    @Test
    void smallPagesCoverEveryReadingExactlyOnceInOrderEvenWithTiedTimestamps() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        // 40 readings on only 8 distinct timestamps: every page boundary falls inside a tie.
        List<Map<String, Object>> readings = IntStream.range(0, 40)
                .mapToObj(i -> Map.<String, Object>of("id", "r" + i, "timestamp", base.plusSeconds(i % 8).toString(),
                        "sensors", Map.of("i", i)))
                .toList();
        DeviceDataTest.post(device, readings);

        List<String> seen = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 40; page++) {
            JsonPath answer = readings(device, device.owner(), cursor == null ? Map.of("limit", 3) : Map.of("limit", 3, "cursor", cursor));
            seen.addAll(answer.getList("readings.id"));
            answer.getList("readings.timestamp", String.class).forEach(time -> times.add(Instant.parse(time)));
            cursor = answer.getString("nextCursor");
            if (cursor == null) {
                break;
            }
        }

        assertThat(seen).hasSize(40).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 40).mapToObj(i -> "r" + i).toList());
        assertThat(times).isSorted();
    }

    @Test
    void pagesAsLargeAsParsesMaxLimitStillCarryACursorAndTogetherCoverEveryReading() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        TestFleet.storeReadings(parse, device, 1200, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));

        JsonPath first = readings(device, device.owner(), Map.of("limit", 1000));
        assertThat(first.getList("readings")).hasSize(999);
        assertThat(first.getString("nextCursor")).isNotNull();
        JsonPath second = readings(device, device.owner(), Map.of("limit", 1000, "cursor", first.getString("nextCursor")));

        List<String> seen = new ArrayList<>(first.getList("readings.id"));
        seen.addAll(second.getList("readings.id"));
        assertThat(seen).hasSize(1200).doesNotHaveDuplicates();
        assertThat(second.getString("nextCursor")).isNull();
    }

    @Test
    void cursorLongerThanAnyIssuedIsRefusedAsInvalidInput() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        given().header("x-session-token", device.owner().sessionToken()).queryParam("cursor", "QUJD".repeat(750))
                .when().get("/api/readings/" + device.deviceId())
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("invalid_input")).body("details[0].field", equalTo("cursor"))
                .body("message", containsString("at most 88 characters"));
    }

    @Test
    void fromAndToSelectAHalfOpenWindowAndSensorNamesComeBackAsSent() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        DeviceDataTest.post(device, IntStream.range(0, 5)
                .mapToObj(i -> Map.<String, Object>of("id", "w" + i, "timestamp", base.plusSeconds(60L * i).toString(),
                        "sensors", Map.of("temp.c", 20 + i)))
                .toList());

        JsonPath answer = readings(device, device.owner(),
                Map.of("from", base.plusSeconds(60).toString(), "to", base.plusSeconds(240).toString()));

        assertThat(answer.getList("readings.id")).containsExactly("w1", "w2", "w3");
        assertThat(answer.getInt("readings[0].sensors.'temp.c'")).isEqualTo(21);
        assertThat(answer.getString("nextCursor")).isNull();
    }

    @Test
    void anotherUsersDeviceIsNotFound() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        ParseUser stranger = TestFleet.newUser(parse);

        given().header("x-session-token", stranger.sessionToken())
                .when().get("/api/readings/" + device.deviceId())
                .then().statusCode(404).body("error", equalTo("not_found"));
        given().header("x-session-token", stranger.sessionToken())
                .when().get("/api/readings/no-such-device")
                .then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void tamperedOrForeignCursorIsRefused() {
        ParseUser owner = TestFleet.newUser(parse);
        TestDevice device = TestFleet.newDevice(parse, owner);
        TestDevice other = TestFleet.newDevice(parse, owner);
        DeviceDataTest.post(device, List.of(DeviceDataTest.reading("a"), DeviceDataTest.reading("b")));
        String cursor = readings(device, owner, Map.of("limit", 1)).getString("nextCursor");
        String decoded = new String(Base64.getUrlDecoder().decode(cursor));
        String tampered = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(decoded.replaceFirst("^\\d", decoded.charAt(0) == '9' ? "8" : "9").getBytes());

        for (Map.Entry<TestDevice, String> attempt : Map.of(device, tampered, other, cursor).entrySet()) {
            given().header("x-session-token", owner.sessionToken()).queryParam("cursor", attempt.getValue())
                    .when().get("/api/readings/" + attempt.getKey().deviceId())
                    .then().statusCode(400).body("details[0].field", equalTo("cursor"));
        }
        given().header("x-session-token", owner.sessionToken()).queryParam("cursor", "%%%")
                .when().get("/api/readings/" + device.deviceId())
                .then().statusCode(400);
    }

    @Test
    void badQueryParametersAreRefusedNamingThem() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        for (Map.Entry<String, Object> bad : Map.<String, Object>of("limit", 1001, "from", "last week", "to", "2026-02-30T00:00:00Z").entrySet()) {
            given().header("x-session-token", device.owner().sessionToken()).queryParam(bad.getKey(), bad.getValue())
                    .when().get("/api/readings/" + device.deviceId())
                    .then().statusCode(400).body("details[0].field", equalTo(bad.getKey()));
        }
        given().when().get("/api/readings/" + device.deviceId())
                .then().statusCode(401);
    }

    @Test
    void deviceWithoutReadingsHasAnEmptyLastPage() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        given().header("x-session-token", device.owner().sessionToken())
                .when().get("/api/readings/" + device.deviceId())
                .then().statusCode(200).body("success", equalTo(true))
                .body("readings.size()", equalTo(0)).body("nextCursor", nullValue());
    }

    private static JsonPath readings(TestDevice device, ParseUser user, Map<String, ?> query) {
        return given().header("x-session-token", user.sessionToken()).queryParams(query).accept(ContentType.JSON)
                .when().get("/api/readings/" + device.deviceId())
                .then().statusCode(200).extract().jsonPath();
    }
}
