package dev.pifleet.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** libs/service-base's limits for the URL and the headers, answered as the contract's JSON. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class RequestHeadLimitTest {

    @Test
    void anOverLongUrlGetsJson414() {
        given().queryParam("cursor", "a".repeat(5000)).get("/api/auth/me")
                .then().statusCode(414)
                .contentType(startsWith("application/json"))
                .body("success", equalTo(false))
                .body("error", equalTo("uri_too_long"));
    }

    @Test
    void overLargeHeadersGetJson431() {
        given().header("X-Padding", "b".repeat(30_000)).get("/api/auth/me")
                .then().statusCode(431)
                .contentType(startsWith("application/json"))
                .body("success", equalTo(false))
                .body("error", equalTo("headers_too_large"));
    }

    @Test
    void aLongButAcceptableUrlIsServedNormally() {
        given().queryParam("cursor", "a".repeat(3000)).get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("missing_credentials"));
    }
}
