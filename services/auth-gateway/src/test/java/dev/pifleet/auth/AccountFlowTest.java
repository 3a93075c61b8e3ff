package dev.pifleet.auth;

import static dev.pifleet.auth.TestUsers.PASSWORD;
import static dev.pifleet.auth.TestUsers.credentials;
import static dev.pifleet.auth.TestUsers.newEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class AccountFlowTest {

    @Test
    void signUpLogInMeLogOutAndTheTokenIsRefusedEverywhere() {
        String email = newEmail();
        String userId = given().contentType(ContentType.JSON).body(credentials(email, PASSWORD))
                .post("/api/auth/signup")
                .then().statusCode(201)
                .body("success", equalTo(true))
                .body("email", equalTo(email))
                .body("sessionToken", not(emptyOrNullString()))
                .extract().path("userId");

        String token = given().contentType(ContentType.JSON).body(credentials(email, PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("userId", equalTo(userId))
                .body("email", equalTo(email))
                .extract().path("sessionToken");

        given().header("x-session-token", token).get("/api/auth/me")
                .then().statusCode(200)
                .body("success", equalTo(true)).body("userId", equalTo(userId)).body("email", equalTo(email));
        given().header("Authorization", "Bearer " + token).get("/api/auth/me")
                .then().statusCode(200).body("userId", equalTo(userId));
        given().contentType(ContentType.JSON).body(Map.of("sessionToken", token))
                .post("/internal/sessions/verify")
                .then().statusCode(200).body("userId", equalTo(userId)).body("email", equalTo(email));

        given().header("Authorization", "Bearer " + token).post("/api/auth/logout")
                .then().statusCode(200).body("success", equalTo(true));

        given().header("x-session-token", token).get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("invalid_session"));
        given().contentType(ContentType.JSON).body(Map.of("sessionToken", token))
                .post("/internal/sessions/verify")
                .then().statusCode(401).body("error", equalTo("invalid_session"));
        given().header("x-session-token", token).post("/api/auth/logout")
                .then().statusCode(401);
    }

    @Test
    void emailIsTrimmedAndLowerCasedForSignUpAndLogin() {
        String email = newEmail();
        given().contentType(ContentType.JSON).body(credentials("  " + email.toUpperCase() + " ", PASSWORD))
                .post("/api/auth/signup")
                .then().statusCode(201).body("email", equalTo(email));
        given().contentType(ContentType.JSON).body(credentials(email.toUpperCase(), PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(200).body("email", equalTo(email));
    }

    @Test
    void secondSignUpWithTheSameEmailIsAConflict() {
        String email = newEmail();
        TestUsers.signUp(email);
        given().contentType(ContentType.JSON).body(credentials(email.toUpperCase(), "another password"))
                .post("/api/auth/signup")
                .then().statusCode(409)
                .body("success", equalTo(false))
                .body("error", equalTo("email_taken"));
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheIdenticalAnswer() {
        String email = newEmail();
        TestUsers.signUp(email);
        Response wrongPassword = given().contentType(ContentType.JSON).body(credentials(email, "not the password"))
                .post("/api/auth/login");
        Response unknownEmail = given().contentType(ContentType.JSON).body(credentials(newEmail(), PASSWORD))
                .post("/api/auth/login");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownEmail.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.asString()).isEqualTo(unknownEmail.asString())
                .contains("\"error\":\"invalid_credentials\"");
    }

    @Test
    void verifyRefusesAnUnknownToken() {
        given().contentType(ContentType.JSON).body(Map.of("sessionToken", "r:not-a-real-session"))
                .post("/internal/sessions/verify")
                .then().statusCode(401).body("success", equalTo(false)).body("error", equalTo("invalid_session"));
    }

    @Test
    void verifyAcceptsAFreshSignUpToken() {
        String email = newEmail();
        String token = TestUsers.signUp(email);
        given().contentType(ContentType.JSON).body(Map.of("sessionToken", token))
                .post("/internal/sessions/verify")
                .then().statusCode(200).body("email", equalTo(email)).body("userId", not(emptyOrNullString()));
    }

    @Test
    void meAndLogoutWithoutCredentialsAreUnauthorized() {
        given().get("/api/auth/me").then().statusCode(401).body("error", equalTo("missing_credentials"));
        given().post("/api/auth/logout").then().statusCode(401).body("error", equalTo("missing_credentials"));
        given().header("Authorization", "Bearer r:unknown").get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("invalid_session"));
    }
}
