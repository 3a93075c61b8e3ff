package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.pifleet.testing.SensorLogRows;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class ReadingRulesTest {

    @Inject
    ParseClient parse;

    static Stream<Arguments> brokenRules() {
        String now = Instant.now().toString();
        String thirtyThreeSensors = IntStream.range(0, 33).mapToObj(i -> "\"s" + i + "\": 1")
                .reduce((a, b) -> a + "," + b).orElseThrow();
        String fiveHundredOne = IntStream.range(0, 501).mapToObj(i -> "{\"sensors\": {\"t\": 1}}")
                .reduce((a, b) -> a + "," + b).orElseThrow();
        return Stream.of(
                Arguments.of("{\"sensors\": {\"bad name\": 1}}", "sensors.bad name"),
                Arguments.of("{\"sensors\": {\"" + "n".repeat(65) + "\": 1}}", "sensors." + "n".repeat(64) + "..."),
                Arguments.of("{\"sensors\": {" + thirtyThreeSensors + "}}", "sensors"),
                Arguments.of("{\"sensors\": {\"temp\": 1e400}}", "sensors.temp"),
                Arguments.of("{\"sensors\": {\"temp\": null}}", "sensors.temp"),
                Arguments.of("{\"sensors\": {\"temp\": [1, 2]}}", "sensors.temp"),
                Arguments.of("{\"sensors\": {\"temp\": {\"c\": 1}}}", "sensors.temp"),
                Arguments.of("{\"sensors\": {\"label\": \"" + "x".repeat(129) + "\"}}", "sensors.label"),
                Arguments.of("{\"sensors\": {\"t\": 1}, \"timestamp\": \"yesterday\"}", "timestamp"),
                Arguments.of("{\"sensors\": {\"t\": 1}, \"timestamp\": \"2026-11-27\"}", "timestamp"),
                Arguments.of("{\"sensors\": {\"t\": 1}, \"timestamp\": \"" + Instant.now().plus(Duration.ofMinutes(6)) + "\"}", "timestamp"),
                Arguments.of("{\"sensors\": {\"t\": 1}, \"timestamp\": \"" + Instant.now().minus(Duration.ofDays(31)) + "\"}", "timestamp"),
                Arguments.of("{\"sensors\": {\"t\": 1}, \"id\": \"has space\"}", "id"),
                Arguments.of("{}", "sensors"),
                Arguments.of("{\"sensors\": {\"t\": 1}, \"readings\": [{\"sensors\": {\"t\": 1}}]}", "readings"),
                Arguments.of("{\"readings\": []}", "readings"),
                Arguments.of("{\"readings\": [" + fiveHundredOne + "]}", "readings"),
                Arguments.of("{\"readings\": [{\"sensors\": {\"t\": 1}}, {\"id\": \"" + "i".repeat(129) + "\", \"sensors\": {\"t\": 1}}]}", "readings[1].id"),
                Arguments.of("{\"readings\": [{\"sensors\": {\"t\": 1}}, {\"sensors\": {\"t\": 1}}, {\"timestamp\": \"" + now + "\"}]}", "readings[2].sensors"),
                Arguments.of("{\"readings\": [{\"sensors\": {\"t\": 1}}, null]}", "readings[1]"),
                Arguments.of("{\"readings\": [{\"sensors\": {\"t\": 1}}, {\"sensors\": {\"t\": 1}}, {\"sensors\": {\"t\": 1}}, {\"sensors\": {\"temp\": true, \"bad/name\": 1}}]}", "readings[3].sensors.bad/name"),
                Arguments.of("{\"readings\": [{\"sensors\": {\"t\": 1}, \"timestamp\": \"2026-13-45T99:00:00\"}]}", "readings[0].timestamp"),
                Arguments.of("{\"sensors\": {}}", "sensors"),
                Arguments.of("{\"readings\": [{\"sensors\": {\"t\": 1}}, {\"sensors\": {}}]}", "readings[1].sensors"),
                Arguments.of("{\"sensors\": {\"t\": 1, \"constructor\": 1}}", "sensors.constructor"),
                Arguments.of("{\"sensors\": {\"t\": 1, \"__proto__\": 1}}", "sensors.__proto__"),
                Arguments.of("{\"sensors\": {\"t\": 1, \"__type\": 1}}", "sensors.__type"),
                Arguments.of("{\"sensors\": {\"t\": 1, \"__op\": 1}}", "sensors.__op"),
                Arguments.of("{\"sensors\": {\"t\": 1, \"my_constructor\": 1}}", "sensors.my_constructor"),
                Arguments.of("{\"sensors\": {\"_bsontype\": \"Code\"}}", "sensors._bsontype"),
                Arguments.of("{\"sensors\": {\"t\": 1, \"label\": \"a\\u0000b\"}}", "sensors.label"));
    }

    @ParameterizedTest
    @MethodSource("brokenRules")
    void readingBreakingARuleIsRefusedNamingTheFieldAndNothingIsStored(String body, String field) {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body(body)
                .when().post("/api/device/data")
                .then().statusCode(400)
                .body("success", equalTo(false)).body("error", equalTo("invalid_input"))
                .body("details.field", hasItem(field));

        assertThat(TestFleet.storedReadings(parse, device)).isZero();
    }

    @Test
    void readingWithANameParseRefusesFailsTheWholeBatchWith400AndStoresNothing() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        String body = "{\"readings\": [{\"id\": \"r1\", \"sensors\": {\"t\": 1}}, {\"id\": \"r2\", \"sensors\": {\"__op\": 1}},"
                + " {\"id\": \"r3\", \"sensors\": {\"constructor\": 1}}, {\"id\": \"r4\", \"sensors\": {\"t\": 2}}]}";

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body(body)
                .when().post("/api/device/data")
                .then().statusCode(400).body("error", equalTo("invalid_input"))
                .body("details.field", hasItems("readings[1].sensors.__op", "readings[2].sensors.constructor"));

        assertThat(TestFleet.storedReadings(parse, device)).isZero();
    }

    @Test
    void bodyThatIsNotJsonIsRefused() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body("{\"sensors\": ")
                .when().post("/api/device/data")
                .then().statusCode(400).body("success", equalTo(false)).body("error", equalTo("malformed_json"));
    }

    @Test
    void bodyOverOneMebibyteIsRefusedWith413() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        String huge = "{\"sensors\": {\"label\": \"" + "x".repeat(1024 * 1024) + "\"}}";

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body(huge)
                .when().post("/api/device/data")
                .then().statusCode(413).body("error", equalTo("payload_too_large"));
    }

    @Test
    void sensorNamesWithDotsAreStoredWithAFullwidthDotThatParseAccepts() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body("{\"sensors\": {\"temp.c\": 21.5, \"cpu-load_1m\": 0.25}}")
                .when().post("/api/device/data")
                .then().statusCode(200).body("accepted", equalTo(1));

        assertThat(parse.find(ParseAuth.master(), ParseQuery.of(SensorLogRows.NAME)
                        .equalTo(SensorLogRows.DEVICE, device.pointer())).getFirst().getObject(SensorLogRows.DATA))
                .containsEntry("temp\uFF0Ec", 21.5).containsEntry("cpu-load_1m", 0.25);
    }

    @Test
    void seedsHeartbeatWithoutBodyOrContentTypeAnswersTheKeysDevice() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        given().header("Authorization", device.authorization())
                .when().post("/api/device/heartbeat")
                .then().statusCode(200)
                .body("success", equalTo(true)).body("deviceId", equalTo(device.deviceId()))
                .body("serverTime", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void heartbeatWithAgentDetailsIsAccepted() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body("{\"uptimeSeconds\": 3600, \"agentVersion\": \"1.0.0\"}")
                .when().post("/api/device/heartbeat")
                .then().statusCode(200).body("deviceId", equalTo(device.deviceId()));
    }

    @Test
    void heartbeatWithNegativeUptimeIsRefused() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body("{\"uptimeSeconds\": -1}")
                .when().post("/api/device/heartbeat")
                .then().statusCode(400).body("details.field", hasItem("uptimeSeconds"));
    }
}
