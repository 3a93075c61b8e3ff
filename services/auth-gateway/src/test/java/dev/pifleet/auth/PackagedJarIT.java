package dev.pifleet.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import dev.pifleet.testing.ThroughTheApis;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built jar (target/quarkus-app), as a Pod runs it: sign-up, login, me, logout, and the UI it serves. */
class PackagedJarIT {

    private final QuarkusAppProcess gateway = SharedServices.authGateway();

    @Test
    void signUpLogInMeLogOutAndServeTheUi() {
        String email = ThroughTheApis.signUp(gateway);
        given().baseUri(gateway.url()).contentType(ContentType.JSON).body(Map.of("email", email, "password", "wrong one!"))
                .post("/api/auth/login").then().statusCode(401).body("error", equalTo("invalid_credentials"));
        String token = ThroughTheApis.logIn(gateway, email);
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + token).get("/api/auth/me")
                .then().statusCode(200).body("email", equalTo(email));
        given().baseUri(gateway.url()).header("x-session-token", token).post("/api/auth/logout").then().statusCode(200);
        given().baseUri(gateway.url()).header("x-session-token", token).get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("invalid_session"));

        given().baseUri(gateway.url()).get("/").then().statusCode(200).body(containsString("<script type=\"module\""));
        given().baseUri(gateway.url()).get("/js/views/device.js").then().statusCode(200);
    }
}
