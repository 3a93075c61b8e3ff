package dev.pifleet.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import dev.pifleet.testing.ThroughTheApis;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The built jar (target/quarkus-app), as a Pod runs it: a rule made here is tripped by a reading the ingest took. */
class PackagedJarIT {

    private final QuarkusAppProcess alerting = SharedServices.alerting();

    @Test
    void aRuleAboveAThresholdOpensOneAlertWhenAReadingPassesIt() {
        ThroughTheApis.OwnedDevice pi = ThroughTheApis.newOwnedDevice();
        given().baseUri(alerting.url()).header("x-session-token", pi.session()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", pi.deviceId(), "kind", "above", "sensor", "temp.c", "threshold", 30,
                        "forSeconds", 0, "email", true))
                .post("/api/alert-rules").then().statusCode(201);

        // The ingest replicas load new rules every few seconds: readings are sent until one is judged.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            given().baseUri(SharedServices.telemetryIngest().url()).header("Authorization", "Device " + pi.apiKey())
                    .contentType(ContentType.JSON).body(Map.of("sensors", Map.of("temp.c", 40)))
                    .post("/api/device/data").then().statusCode(200);
            List<?> open = given().baseUri(alerting.url()).header("x-session-token", pi.session())
                    .queryParam("state", "open").queryParam("deviceId", pi.deviceId()).get("/api/alerts")
                    .then().statusCode(200).extract().path("alerts");
            return !open.isEmpty();
        });
        given().baseUri(alerting.url()).header("x-session-token", pi.session())
                .queryParam("state", "open").queryParam("deviceId", pi.deviceId()).get("/api/alerts")
                .then().statusCode(200).body("alerts", hasSize(1)).body("alerts[0].sensor", equalTo("temp.c"));
    }
}
