package dev.pifleet.auth;

import static dev.pifleet.auth.TestUsers.credentials;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.auth.link.AccountLinks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The test profile writes the app's log to a file at DEBUG for dev.pifleet; it must hold no password or token. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class SecretsNotLoggedTest {

    @ConfigProperty(name = "quarkus.log.file.path")
    Path logFile;

    @Test
    void passwordsAndSessionTokensNeverReachTheLog() throws Exception {
        String email = TestUsers.newEmail();
        String password = "pw-" + UUID.randomUUID();
        String userId = given().contentType(ContentType.JSON).body(credentials(email, password))
                .post("/api/auth/signup").then().statusCode(201).extract().path("userId");
        given().contentType(ContentType.JSON).body(credentials(email, password + "-wrong"))
                .post("/api/auth/login").then().statusCode(401);
        String token = given().contentType(ContentType.JSON).body(credentials(email, password))
                .post("/api/auth/login").then().statusCode(200).extract().path("sessionToken");
        given().contentType(ContentType.JSON).body(Map.of("sessionToken", token))
                .post("/internal/sessions/verify").then().statusCode(200);
        given().header("x-session-token", token).post("/api/auth/logout").then().statusCode(200);
        given().header("x-session-token", token).get("/api/auth/me").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("sessionToken", token))
                .post("/internal/sessions/verify").then().statusCode(401);

        // A last signup marks the end: once its line is in the file, so is every line the calls above logged.
        String last = given().contentType(ContentType.JSON).body(credentials(TestUsers.newEmail(), "pw-" + UUID.randomUUID()))
                .post("/api/auth/signup").then().statusCode(201).extract().path("userId");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(logFile) && Files.readString(logFile).contains("signed up user " + last));
        String log = Files.readString(logFile);
        assertThat(log).contains("signed up user " + userId).doesNotContain(password).doesNotContain(token);
    }

    @Inject
    AccountLinks links;

    @Test
    void apiTokensResetLinksAndNewPasswordsNeverReachTheLog() throws Exception {
        String email = TestUsers.newEmail();
        String session = TestUsers.signUp(email);
        String userId = given().header("x-session-token", session).get("/api/auth/me").then().extract().path("userId");
        var created = given().header("x-session-token", session).contentType(ContentType.JSON)
                .body(Map.of("name", "script", "scopes", java.util.List.of("read")))
                .post("/api/tokens").then().statusCode(201).extract();
        String apiToken = created.path("token");
        given().header("Authorization", "Bearer " + apiToken).get("/api/auth/me").then().statusCode(200);
        given().header("x-session-token", session).delete("/api/tokens/" + created.path("id")).then().statusCode(200);
        given().header("Authorization", "Bearer " + apiToken).get("/api/auth/me").then().statusCode(401);
        String link = links.issue(AccountLinks.Purpose.PASSWORD_RESET, userId, email, Duration.ofHours(1));
        String newPassword = "pw-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("token", link, "password", newPassword))
                .post("/api/auth/password-reset/confirm").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("token", link, "password", newPassword))
                .post("/api/auth/password-reset/confirm").then().statusCode(400);

        String last = given().contentType(ContentType.JSON).body(credentials(TestUsers.newEmail(), "pw-" + UUID.randomUUID()))
                .post("/api/auth/signup").then().statusCode(201).extract().path("userId");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(logFile) && Files.readString(logFile).contains("signed up user " + last));
        String log = Files.readString(logFile);
        assertThat(log).contains("password of user " + userId + " reset")
                .doesNotContain(apiToken).doesNotContain(link).doesNotContain(newPassword).doesNotContain(session);
    }
}
