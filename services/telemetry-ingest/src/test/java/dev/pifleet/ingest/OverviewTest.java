package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.ingest.rollup.RollupJob;
import dev.pifleet.ingest.series.SeriesSteps;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The device page's one request: the device as the registry shows it, the same series as one series request per
 * sensor, the latest value of each sensor (also of one sent less often than the others), and the step table, for the
 * owner or a read token only.
 */
@QuarkusTest
@WithTestResource(FleetServicesTestResource.class)
class OverviewTest {

    /** Numbers as sent: JsonPath reads them as floats by default. */
    private static final JsonPathConfig DOUBLES =
            JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE);

    @Inject
    ParseClient parse;

    @Inject
    RollupJob rollupJob;

    @Test
    void oneAnswerHoldsEverySensorsSeriesAndTheLatestValues() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, Object>> readings = new ArrayList<>();
        // Two days of one reading a minute-and-a-bit, so both summaries and raw readings are read.
        for (int i = 0; i < 300; i++) {
            Map<String, Object> sensors = new LinkedHashMap<>();
            sensors.put("temp.c", 20 + i % 7);
            sensors.put("label", "reading " + i);
            if (i % 50 == 7) {
                // The newest door value is the one of i = 257, older than the newest readings.
                sensors.put("door", i % 100 == 7);
            }
            readings.add(Map.of("id", "r" + i, "timestamp", now.minusSeconds(600L * (299 - i) + 5).toString(),
                    "sensors", sensors));
        }
        DeviceDataTest.post(device, readings.subList(0, 150));
        DeviceDataTest.post(device, readings.subList(150, 300));
        rollupJob.catchUp(Instant.now().plusSeconds(120));
        String from = now.minus(Duration.ofDays(3)).toString();
        String to = now.toString();

        JsonPath overview = overview(device, device.owner(), Map.of("from", from, "to", to, "points", 300));

        long step = SeriesSteps.choose(Instant.parse(from), Instant.parse(to), 300);
        assertThat(overview.getLong("stepSeconds")).isEqualTo(step);
        assertThat(overview.getList("steps", Number.class).stream().map(Number::longValue).toList())
                .isEqualTo(SeriesSteps.table());
        assertThat(overview.getList("series.sensor")).containsExactly("door", "temp.c");
        for (String sensor : List.of("door", "temp.c")) {
            JsonPath alone = given().header("x-session-token", device.owner().sessionToken())
                    .queryParams(Map.of("sensor", sensor, "from", from, "to", to, "points", 300))
                    .get("/api/readings/" + device.deviceId() + "/series").then().statusCode(200).extract().jsonPath()
                    .using(DOUBLES);
            assertThat(overview.getList("series.find { it.sensor == '" + sensor + "' }.buckets"))
                    .as(sensor).isEqualTo(alone.getList("buckets")).isNotEmpty();
        }
        Instant newest = now.minusSeconds(5);
        assertThat(Instant.parse(overview.getString("latest.t"))).isEqualTo(newest);
        assertThat(overview.getList("latest.sensors.sensor")).containsExactly("door", "label", "temp.c");
        assertThat(overview.getMap("latest.sensors[0]")).containsEntry("value", false);
        assertThat(Instant.parse(overview.getString("latest.sensors[0].t"))).isEqualTo(now.minusSeconds(600L * (299 - 257) + 5));
        assertThat(overview.getMap("latest.sensors[1]")).containsEntry("value", "reading 299");
        assertThat(overview.getDouble("latest.sensors[2].value")).isEqualTo(20 + 299 % 7);
        assertThat(Instant.parse(overview.getString("latest.sensors[2].t"))).isEqualTo(newest);
    }

    @Test
    void aRangeWithoutReadingsHasNoSeriesAndNoLatest() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        JsonPath overview = overview(device, device.owner(), Map.of());
        assertThat(overview.getList("series")).isEmpty();
        assertThat(overview.getString("latest")).isNull();
        assertThat(Duration.between(Instant.parse(overview.getString("from")), Instant.parse(overview.getString("to"))))
                .isEqualTo(Duration.ofDays(1));
    }

    /** The page's one request also shows the device: exactly what the registry's answer for it holds. */
    @Test
    void theDeviceIsTheRegistrysAnswerForIt() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        Map<String, Object> registry = given().baseUri(FleetServicesTestResource.deviceRegistry().url())
                .header("x-session-token", device.owner().sessionToken())
                .when().get("/api/devices/" + device.deviceId())
                .then().statusCode(200).extract().jsonPath().using(DOUBLES).getMap("device");

        Map<String, Object> shown = overview(device, device.owner(), Map.of()).getMap("device");

        assertThat(shown).containsEntry("deviceId", device.deviceId()).containsEntry("name", "test pi")
                .containsEntry("role", "owner").containsEntry("shared", false).containsKeys("status", "agent", "config");
        assertThat(shown).isEqualTo(registry);
    }

    @Test
    void anotherUsersDeviceIsNotFoundAndBadParametersAre400() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        ParseUser stranger = TestFleet.newUser(parse);
        given().header("x-session-token", stranger.sessionToken())
                .when().get("/api/readings/" + device.deviceId() + "/overview")
                .then().statusCode(404).contentType(ContentType.JSON).body("error", equalTo("not_found"));
        given().when().get("/api/readings/" + device.deviceId() + "/overview").then().statusCode(401);
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("from", "2026-11-02T00:00:00Z", "to", "2026-11-01T00:00:00Z"),
                Map.<String, Object>of("points", 0),
                Map.<String, Object>of("points", 2001),
                Map.<String, Object>of("points", "abc"),
                Map.<String, Object>of("from", "yesterday"),
                Map.<String, Object>of("from", "1969-12-31T00:00:00Z", "to", "1970-01-02T00:00:00Z", "points", 1))) {
            given().header("x-session-token", device.owner().sessionToken()).queryParams(bad)
                    .when().get("/api/readings/" + device.deviceId() + "/overview")
                    .then().statusCode(400).contentType(ContentType.JSON).body("success", equalTo(false));
        }
        given().header("x-session-token", device.owner().sessionToken())
                .when().get("/api/readings/not%20a%20device/overview")
                .then().statusCode(400).contentType(ContentType.JSON).body("success", equalTo(false));
    }

    private static JsonPath overview(TestDevice device, ParseUser user, Map<String, ?> query) {
        return given().header("x-session-token", user.sessionToken()).queryParams(query).accept(ContentType.JSON)
                .when().get("/api/readings/" + device.deviceId() + "/overview")
                .then().statusCode(200).body("success", equalTo(true)).extract().jsonPath()
                .using(DOUBLES);
    }
}
