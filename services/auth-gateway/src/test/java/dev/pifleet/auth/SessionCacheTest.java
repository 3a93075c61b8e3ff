package dev.pifleet.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The verify path's caches, observed through the count of Parse lookups. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class SessionCacheTest {

    @Inject
    MeterRegistry metrics;

    @Test
    void aRepeatedBadTokenCostsParseOneLookup() {
        String token = "r:" + UUID.randomUUID().toString().replace("-", "");
        double before = lookups("invalid");

        for (int attempt = 0; attempt < 5; attempt++) {
            verify(token).then().statusCode(401).body("error", equalTo("invalid_session"));
        }

        assertThat(lookups("invalid") - before).isEqualTo(1.0);
    }

    @Test
    void aLoggedOutTokenIsRefusedAtOnceAndANewOneIsAccepted() {
        String email = TestUsers.newEmail();
        String token = TestUsers.signUp(email);
        verify(token).then().statusCode(200).body("email", equalTo(email));

        given().header("x-session-token", token).post("/api/auth/logout").then().statusCode(200);

        verify(token).then().statusCode(401);
        String next = given().contentType(ContentType.JSON).body(TestUsers.credentials(email, TestUsers.PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("sessionToken");
        verify(next).then().statusCode(200);
        given().header("Authorization", "Bearer " + next).get("/api/auth/me").then().statusCode(200);
    }

    private static io.restassured.response.Response verify(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("sessionToken", token))
                .post("/internal/sessions/verify");
    }

    private double lookups(String outcome) {
        var counter = metrics.find("pifleet.auth.session.lookups").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
