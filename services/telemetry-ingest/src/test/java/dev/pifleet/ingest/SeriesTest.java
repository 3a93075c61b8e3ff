package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.ingest.rollup.RollupJob;
import dev.pifleet.ingest.series.SeriesSteps;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import dev.pifleet.sensorlog.Resolution;
import dev.pifleet.sensorlog.RollupStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Series against what the test sent: counts, min, max and avg per bucket, over ranges that cut buckets, with readings
 * resent (duplicates) and the rollup job run twice, partly from summaries and partly from raw readings.
 */
@QuarkusTest
@WithTestResource(FleetServicesTestResource.class)
class SeriesTest {

    private static final int READINGS = 900;

    @Inject
    ParseClient parse;

    @Inject
    RollupJob rollupJob;

    @Inject
    RollupStore rollups;

    /** Sent once for all tests of the class (the ingest's port is known only once a test runs). */
    private static TestDevice device;
    private static Instant now;
    private static final Map<Instant, Double> temperatures = new HashMap<>();

    @BeforeEach
    void sendReadingsOverThreeDaysOnce() {
        if (device != null) {
            return;
        }
        device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Random random = new Random(42);
        List<Map<String, Object>> readings = new ArrayList<>();
        for (int i = 0; i < READINGS; i++) {
            // Most within three days, the last few within the last minute: those are read raw.
            long ageMillis = i < READINGS - 20 ? (long) (random.nextDouble() * Duration.ofDays(3).toMillis())
                    : (long) (random.nextDouble() * 50_000);
            Instant taken = now.minusMillis(ageMillis);
            double temperature = Math.round((random.nextGaussian() * 5 + 20) * 1000) / 1000.0;
            Map<String, Object> sensors = new LinkedHashMap<>();
            sensors.put("temp.inside", temperature);
            sensors.put("label", "text only");
            if (i % 3 == 0) {
                sensors.put("door", i % 2 == 0);
            }
            if (temperatures.putIfAbsent(taken, temperature) != null) {
                continue;
            }
            readings.add(Map.of("id", "r" + i, "timestamp", taken.toString(), "sensors", sensors));
        }
        for (int from = 0; from < readings.size(); from += 300) {
            DeviceDataTest.post(device, readings.subList(from, Math.min(readings.size(), from + 300)));
        }
        rollupJob.catchUp(Instant.now().plusSeconds(120));
        // Resent readings are duplicates: stored once, summarised once.
        DeviceDataTest.post(device, readings.subList(0, 90));
        rollupJob.catchUp(Instant.now().plusSeconds(120));
        rollupJob.catchUp(Instant.now().plusSeconds(120));
    }

    @Test
    void theSummariesWereWritten() {
        assertThat(rollups.range(device.objectId(), Resolution.DAY, now.minus(Duration.ofDays(4)), now.plusSeconds(86_400), 999))
                .isNotEmpty().allSatisfy(day -> assertThat(day.sensors()).containsKey("temp.inside").doesNotContainKey("label"));
    }

    @Test
    void everyRangeAndResolutionMatchesTheReadingsSent() {
        List<Instant[]> ranges = List.of(
                new Instant[] {now.minus(Duration.ofDays(4)), now.plusSeconds(1)},
                new Instant[] {now.minus(Duration.ofDays(2)).plusSeconds(2_233).plusMillis(17), now.minus(Duration.ofMinutes(61)).plusSeconds(5)},
                new Instant[] {now.minus(Duration.ofHours(7)), now.minus(Duration.ofMinutes(3)).plusMillis(500)},
                new Instant[] {now.minus(Duration.ofMinutes(30)), now.plusSeconds(1)});
        for (Instant[] range : ranges) {
            for (int points : List.of(1, 7, 50, 500, 2000)) {
                assertSeriesMatches(range[0], range[1], points);
            }
        }
    }

    @Test
    void booleansCountAsZeroAndOneAndStringOnlySensorsHaveNoBuckets() {
        JsonPath door = series(device.owner(), Map.of("sensor", "door", "from", now.minus(Duration.ofDays(4)).toString(),
                "to", now.plusSeconds(1).toString(), "points", 1));
        assertThat(door.getLong("buckets[0].count")).isEqualTo(READINGS / 3);
        assertThat(door.getDouble("buckets[0].min")).isZero();
        assertThat(door.getDouble("buckets[0].max")).isEqualTo(1.0);
        assertThat(series(device.owner(), Map.of("sensor", "label")).getList("buckets")).isEmpty();
        assertThat(series(device.owner(), Map.of("sensor", "no-such-sensor")).getList("buckets")).isEmpty();
    }

    @Test
    void sensorsListsTheNumericOnes() {
        given().header("x-session-token", device.owner().sessionToken())
                .queryParam("from", now.minus(Duration.ofDays(4)).toString())
                .when().get("/api/readings/" + device.deviceId() + "/sensors")
                .then().statusCode(200).body("sensors", equalTo(List.of("door", "temp.inside")));
    }

    @Test
    void anotherUsersDeviceIsNotFoundAndBadParametersAre400() {
        ParseUser stranger = TestFleet.newUser(parse);
        given().header("x-session-token", stranger.sessionToken()).queryParam("sensor", "temp.inside")
                .when().get("/api/readings/" + device.deviceId() + "/series")
                .then().statusCode(404).body("error", equalTo("not_found"));
        given().queryParam("sensor", "temp.inside").when().get("/api/readings/" + device.deviceId() + "/series")
                .then().statusCode(401);
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("sensor", "t", "from", "2026-11-02T00:00:00Z", "to", "2026-11-01T00:00:00Z"),
                Map.<String, Object>of("sensor", "t", "points", 0),
                Map.<String, Object>of("sensor", "t", "points", 2001),
                Map.<String, Object>of("sensor", "t", "from", "yesterday"),
                Map.<String, Object>of("sensor", "bad name"),
                Map.<String, Object>of("from", "2026-11-01T00:00:00Z"))) {
            given().header("x-session-token", device.owner().sessionToken()).queryParams(bad)
                    .when().get("/api/readings/" + device.deviceId() + "/series")
                    .then().statusCode(400).contentType(ContentType.JSON).body("success", equalTo(false));
        }
    }

    private void assertSeriesMatches(Instant from, Instant to, int points) {
        long step = SeriesSteps.choose(from, to, points);
        TreeMap<Long, List<Double>> expected = new TreeMap<>();
        temperatures.forEach((taken, value) -> {
            if (!taken.isBefore(from) && taken.isBefore(to)) {
                expected.computeIfAbsent(Math.floorDiv(taken.getEpochSecond(), step) * step, unused -> new ArrayList<>()).add(value);
            }
        });
        JsonPath answer = series(device.owner(), Map.of("sensor", "temp.inside", "from", from.toString(), "to", to.toString(),
                "points", points));
        String context = "from " + from + " to " + to + " at " + points + " points";
        assertThat(answer.getLong("stepSeconds")).as(context).isEqualTo(step);
        List<Map<String, Object>> buckets = answer.getList("buckets");
        assertThat(buckets).as(context).hasSize(expected.size()).hasSizeLessThanOrEqualTo(points);
        int i = 0;
        for (Map.Entry<Long, List<Double>> bucket : expected.entrySet()) {
            Map<String, Object> actual = buckets.get(i++);
            List<Double> values = bucket.getValue();
            assertThat(Instant.parse((String) actual.get("t")).getEpochSecond()).as(context).isEqualTo(bucket.getKey());
            assertThat(((Number) actual.get("count")).longValue()).as(context).isEqualTo(values.size());
            assertThat(((Number) actual.get("min")).doubleValue()).as(context).isEqualTo(values.stream().mapToDouble(v -> v).min().orElseThrow());
            assertThat(((Number) actual.get("max")).doubleValue()).as(context).isEqualTo(values.stream().mapToDouble(v -> v).max().orElseThrow());
            assertThat(((Number) actual.get("avg")).doubleValue()).as(context)
                    .isCloseTo(values.stream().mapToDouble(v -> v).average().orElseThrow(), within(1e-9));
        }
    }

    private JsonPath series(ParseUser user, Map<String, ?> query) {
        return given().header("x-session-token", user.sessionToken()).queryParams(query).accept(ContentType.JSON)
                .when().get("/api/readings/" + device.deviceId() + "/series")
                .then().statusCode(200).extract().jsonPath()
                // Doubles as sent: JsonPath reads numbers as floats by default.
                .using(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }
}
