package dev.pifleet.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.pifleet.testing.ParseServerProcess;
import dev.pifleet.testing.ParseStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class HealthTest {

    @Test
    void readyAndApiHealthAreUpWhileParseServerAnswers() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/api/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("parse-server"));
    }

    @Test
    void healthIsDownWhileParseServerIsStoppedAndUpWhenItReturns() {
        ParseServerProcess parse = ParseStack.shared().parseServer();
        parse.stop();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/api/health").statusCode() == 503);
            given().get("/api/health").then().statusCode(503).body("status", equalTo("DOWN"));
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
            given().contentType(ContentType.JSON).body(TestUsers.credentials(TestUsers.newEmail(), TestUsers.PASSWORD))
                    .post("/api/auth/login")
                    .then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .body("error", equalTo("backend_unavailable"));
        } finally {
            parse.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/health").statusCode() == 200);
        given().get("/api/health").then().body("status", equalTo("UP"));
    }

    @Test
    void openApiAndPrometheusMetricsAreServed() {
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/swagger-ui/").then().statusCode(200);
        String email = TestUsers.newEmail();
        TestUsers.signUp(email);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("pifleet_auth_signups_total"));
    }

    @Test
    void theWebUiLearnsWhereTheOtherServicesAre() {
        given().get("/config.json").then().statusCode(200)
                .body("registryUrl", equalTo("http://localhost:8081"))
                .body("ingestUrl", equalTo("http://localhost:8082"))
                .body("alertsUrl", equalTo("http://localhost:8083"));
    }
}
