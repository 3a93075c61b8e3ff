package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The group-commit queue is bounded in bytes as well as in readings: what does not fit is a 503, not memory. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
@TestProfile(QueueBytesTest.SmallQueue.class)
class QueueBytesTest {

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Room for a couple of small readings, far less than the readings' count limit would allow.
            return Map.of("pifleet.ingest.group-commit.queue-max-bytes", "2K");
        }
    }

    @Inject
    ParseClient parse;

    @Test
    void requestOverTheQueuesBytesIsRefusedWith503AndRetryAfterAndNothingIsStored() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        List<Map<String, Object>> bulky = IntStream.range(0, 30)
                .mapToObj(i -> Map.<String, Object>of("id", "b" + i, "sensors", Map.of("label", "x".repeat(100))))
                .toList();

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body(Map.of("readings", bulky))
                .when().post("/api/device/data")
                .then().statusCode(503).header("Retry-After", notNullValue())
                .body("error", equalTo("backend_unavailable"));
        assertThat(TestFleet.storedReadings(parse, device)).isZero();

        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body("{\"sensors\": {\"temperature\": 21.5}}")
                .when().post("/api/device/data")
                .then().statusCode(200).body("accepted", equalTo(1));
        assertThat(TestFleet.storedReadings(parse, device)).isEqualTo(1);
    }
}
