package dev.pifleet.agent.sensors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.pifleet.agent.pairing.StubCloudResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** {@code GET /sensors}: a live reading of each configured sensor (here the simulator and a missing SoC thermal zone). */
@QuarkusTest
@WithTestResource(StubCloudResource.class)
class SensorsApiTest {

    @Test
    void everySensorIsReadNowAndAFailingOneAnswersItsErrorBesideTheOthers() {
        given().when().get("/sensors").then().statusCode(200)
                .body("success", equalTo(true))
                .body("sensors.name", org.hamcrest.Matchers.contains("simulated", "soc-temperature"))
                .body("sensors[0].values", hasKey("temperature"))
                .body("sensors[0].error", nullValue())
                .body("sensors[0].readAt", notNullValue())
                .body("sensors[1].values.size()", equalTo(0))
                .body("sensors[1].error", containsString("no-such-thermal-zone"));
    }

    @Test
    void sensorReadErrorsAreOnTheMetricsPage() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("pifleet_agent_sensor_read_errors_total{sensor=\"soc-temperature\""))
                .body(containsString("pifleet_agent_buffer_readings"))
                .body(containsString("pifleet_agent_heartbeat_ok"));
    }
}
