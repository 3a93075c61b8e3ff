package dev.pifleet.registry;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Real users, signed up through the real auth-gateway. */
final class TestUsers {

    record TestUser(String userId, String email, String sessionToken) {
    }

    private TestUsers() {
    }

    static TestUser signUp() {
        return signUp(newEmail());
    }

    static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.test";
    }

    static TestUser signUp(String email) {
        var answer = given().baseUri("http://127.0.0.1").port(AuthGatewayTestResource.authGateway().port())
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery"))
                .when().post("/api/auth/signup")
                .then().statusCode(201)
                .extract().jsonPath();
        return new TestUser(answer.getString("userId"), email, answer.getString("sessionToken"));
    }

    /** A new personal API token of the user, with these scopes. */
    static String token(TestUser user, String... scopes) {
        return given().baseUri("http://127.0.0.1").port(AuthGatewayTestResource.authGateway().port())
                .header("x-session-token", user.sessionToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "test token", "scopes", java.util.List.of(scopes)))
                .when().post("/api/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }
}
