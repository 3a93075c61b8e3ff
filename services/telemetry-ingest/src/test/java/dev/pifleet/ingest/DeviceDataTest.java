package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.testing.SensorLogRows;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.ParseUser;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class DeviceDataTest {

    @Inject
    ParseClient parse;

    @Test
    void seedsSingleReadingIsStoredWithItsDevicePointerDateAndOwnerOnlyAcl() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        // Exactly what the seed's send_sensor_data posts: datetime.utcnow().isoformat() has no zone.
        LocalDateTime takenAt = LocalDateTime.now(ZoneOffset.UTC).minusSeconds(30).withNano(123456000);

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body(Map.of("sensors", Map.of("temperature", 21.5, "humidity", 40, "door_open", false, "label", "kitchen"),
                        "timestamp", takenAt.toString()))
                .when().post("/api/device/data")
                .then().statusCode(200)
                .body("success", equalTo(true)).body("accepted", equalTo(1)).body("duplicates", equalTo(0));

        List<ParseObject> asOwnerSees = parse.find(ParseAuth.session(device.owner().sessionToken()),
                ParseQuery.of(SensorLogRows.NAME).equalTo(SensorLogRows.DEVICE, device.pointer()));
        assertThat(asOwnerSees).hasSize(1);
        ParseObject stored = asOwnerSees.getFirst();
        assertThat(stored.getPointerId(SensorLogRows.DEVICE)).isEqualTo(device.objectId());
        assertThat(stored.getDate(SensorLogRows.TIMESTAMP)).isEqualTo(takenAt.toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        assertThat(stored.getObject(SensorLogRows.DATA))
                .containsEntry("temperature", 21.5).containsEntry("humidity", 40L)
                .containsEntry("door_open", false).containsEntry("label", "kitchen");
        assertThat(stored.getString(SensorLogRows.READING_ID)).isNotBlank();
        assertThat(stored.get("ACL").toString()).isEqualTo("{\"" + device.owner().objectId() + "\":{\"read\":true}}");

        ParseUser stranger = TestFleet.newUser(parse);
        assertThat(parse.find(ParseAuth.session(stranger.sessionToken()),
                ParseQuery.of(SensorLogRows.NAME).equalTo(SensorLogRows.DEVICE, device.pointer()))).isEmpty();
    }

    @Test
    void readingWithoutTimestampGetsTheServersTimeAndOffsetsAreHonoured() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(
                        Map.of("id", "no-time", "sensors", Map.of("t", 1)),
                        Map.of("id", "with-offset", "timestamp", "2026-11-20T12:00:00.5+02:00", "sensors", Map.of("t", 2)))))
                .when().post("/api/device/data")
                .then().statusCode(200).body("accepted", equalTo(2));

        Map<String, Instant> timestamps = new java.util.HashMap<>();
        parse.find(ParseAuth.master(), ParseQuery.of(SensorLogRows.NAME).equalTo(SensorLogRows.DEVICE, device.pointer()))
                .forEach(row -> timestamps.put(row.getString(SensorLogRows.READING_ID), row.getDate(SensorLogRows.TIMESTAMP)));
        assertThat(timestamps.get("no-time")).isBetween(before, Instant.now());
        assertThat(timestamps.get("with-offset")).isEqualTo(Instant.parse("2026-11-20T10:00:00.500Z"));
    }

    @Test
    void sameBatchTwiceStoresNothingTwice() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        Map<String, Object> batch = Map.of("readings", IntStream.range(0, 120)
                .mapToObj(i -> Map.of("id", "r-" + i, "timestamp", Instant.now().minusSeconds(i).toString(),
                        "sensors", Map.<String, Object>of("temp", 20 + i)))
                .toList());

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body(batch)
                .when().post("/api/device/data")
                .then().statusCode(200).body("accepted", equalTo(120)).body("duplicates", equalTo(0));
        given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body(batch)
                .when().post("/api/device/data")
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(120));

        assertThat(TestFleet.storedReadings(parse, device)).isEqualTo(120);
    }

    @Test
    void partlyRepeatedBatchStoresOnlyTheNewReadingsAndCountsRepeatsInsideItOnce() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        post(device, List.of(reading("a"), reading("b")));

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(reading("a"), reading("c"), reading("c"), reading("d"))))
                .when().post("/api/device/data")
                .then().statusCode(200).body("accepted", equalTo(2)).body("duplicates", equalTo(2));

        assertThat(TestFleet.storedReadings(parse, device)).isEqualTo(4);
    }

    @Test
    void sameReadingIdOnTwoDevicesIsTwoReadings() {
        ParseUser owner = TestFleet.newUser(parse);
        TestDevice first = TestFleet.newDevice(parse, owner);
        TestDevice second = TestFleet.newDevice(parse, owner);
        String id = UUID.randomUUID().toString();

        post(first, List.of(reading(id)));
        post(second, List.of(reading(id)));

        assertThat(TestFleet.storedReadings(parse, first)).isEqualTo(1);
        assertThat(TestFleet.storedReadings(parse, second)).isEqualTo(1);
    }

    @Test
    void deviceOverItsRateIsToldWhenToComeBack() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        // The test profile allows a burst of 1000 readings: two full batches use it up.
        post(device, IntStream.range(0, 500).mapToObj(i -> reading("first-" + i)).toList());
        post(device, IntStream.range(0, 500).mapToObj(i -> reading("second-" + i)).toList());

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body(Map.of("readings", IntStream.range(0, 500).mapToObj(i -> reading("third-" + i)).toList()))
                .when().post("/api/device/data")
                .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("error", equalTo("rate_limited"));
        assertThat(TestFleet.storedReadings(parse, device)).isEqualTo(1000);
    }

    static Map<String, Object> reading(String id) {
        return Map.of("id", id, "timestamp", Instant.now().toString(), "sensors", Map.of("temp", 21.0));
    }

    static void post(TestDevice device, List<Map<String, Object>> readings) {
        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body(Map.of("readings", readings))
                .when().post("/api/device/data")
                .then().statusCode(200);
    }
}
