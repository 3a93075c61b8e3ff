package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import dev.pifleet.testing.ThroughTheApis;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built jar (target/quarkus-app), as a Pod runs it: a Pi's readings stored once, read back, charted. */
class PackagedJarIT {

    private final QuarkusAppProcess ingest = SharedServices.telemetryIngest();

    @Test
    void aPisReadingsAreStoredOnceAndReadBackAsReadingsAndOverview() {
        ThroughTheApis.OwnedDevice pi = ThroughTheApis.newOwnedDevice();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> batch = Map.of("readings", List.of(
                Map.of("id", "a", "timestamp", now.minusSeconds(20).toString(), "sensors", Map.of("temp.c", 20.5)),
                Map.of("id", "b", "timestamp", now.minusSeconds(10).toString(), "sensors", Map.of("temp.c", 21.5, "label", "x"))));
        for (int accepted : List.of(2, 0)) {
            given().baseUri(ingest.url()).header("Authorization", "Device " + pi.apiKey()).contentType(ContentType.JSON)
                    .body(batch).post("/api/device/data").then().statusCode(200).body("accepted", equalTo(accepted));
        }

        given().baseUri(ingest.url()).header("x-session-token", pi.session()).get("/api/readings/" + pi.deviceId())
                .then().statusCode(200).body("readings", hasSize(2)).body("readings[1].sensors.label", equalTo("x"));
        given().baseUri(ingest.url()).header("x-session-token", pi.session()).get("/api/readings/" + pi.deviceId() + "/overview")
                .then().statusCode(200)
                .body("series[0].sensor", equalTo("temp.c")).body("series[0].buckets.count.sum()", equalTo(2))
                .body("latest.t", equalTo(now.minusSeconds(10).toString()))
                .body("latest.sensors.find { it.sensor == 'temp.c' }.value", equalTo(21.5f));
        given().baseUri(ingest.url()).header("x-session-token", ThroughTheApis.newSession(SharedServices.authGateway()))
                .get("/api/readings/" + pi.deviceId() + "/overview").then().statusCode(404);
    }
}
