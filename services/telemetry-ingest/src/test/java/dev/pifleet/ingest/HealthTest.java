package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FleetServicesTestResource.class)
class HealthTest {

    @Test
    void readyWhileParseServerAnswersWithoutAskingTheAuthGateway() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("parse-server"))
                .body("checks.name", not(hasItem("auth-gateway")));
    }

    @Test
    void metricsNameTheIngestMeters() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("pifleet_ingest_queue_depth"));
    }
}
