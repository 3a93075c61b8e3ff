package dev.pifleet.auth;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Each test signs up its own users, so tests never depend on one another. */
final class TestUsers {

    static final String PASSWORD = "correct horse battery";

    private TestUsers() {
    }

    static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    /** Signs up a fresh user and returns its session token. */
    static String signUp(String email) {
        return given().contentType(ContentType.JSON).body(credentials(email, PASSWORD))
                .post("/api/auth/signup")
                .then().statusCode(201)
                .extract().path("sessionToken");
    }

    /** A random client address, sent as X-Forwarded-For through the trusted loopback: each test counts on its own. */
    static String randomAddress() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    static Map<String, String> credentials(String email, String password) {
        return Map.of("email", email, "password", password);
    }
}
