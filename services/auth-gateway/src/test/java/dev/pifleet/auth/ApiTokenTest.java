package dev.pifleet.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.service.Secrets;
import dev.pifleet.testing.AtOnce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Personal API tokens against the real Parse Server: shown once, stored hashed, scoped, revoked at once here. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class ApiTokenTest {

    private static final int AT_ONCE = 8;
    private static final int ROUNDS = 3;

    @Inject
    ParseClient parse;

    @Test
    void aTokenIsShownOnceStoredHashedAndVerifiesWithItsScopes() {
        String email = TestUsers.newEmail();
        String session = TestUsers.signUp(email);

        ExtractableResponse<Response> created = create(session, Map.of("name", "greenhouse script",
                "scopes", List.of("read", "alerts"), "expiresInDays", 30))
                .then().statusCode(201)
                .body("token", startsWith("pft_"))
                .body("scopes", contains("alerts", "read"))
                .body("expiresAt", notNullValue())
                .extract();
        String token = created.path("token");
        String id = created.path("id");

        ParseObject row = parse.get(ParseAuth.master(), "ApiToken", id);
        assertThat(row.getString("tokenHash")).isEqualTo(Secrets.hash(token));
        assertThat(row.json().toString()).doesNotContain(token);

        given().header("Authorization", "Bearer " + token).get("/api/auth/me")
                .then().statusCode(200).body("email", equalTo(email));
        verify(token).then().statusCode(200)
                .body("email", equalTo(email))
                .body("credential", equalTo("api_token"))
                .body("scopes", containsInAnyOrder("read", "alerts"));
        verify(session).then().statusCode(200)
                .body("credential", equalTo("session"))
                .body("scopes", containsInAnyOrder("read", "devices", "alerts"));

        given().header("x-session-token", session).get("/api/tokens")
                .then().statusCode(200)
                .body("tokens", hasSize(1))
                .body("tokens[0].id", equalTo(id))
                .body("tokens[0].name", equalTo("greenhouse script"))
                .body("tokens[0].lastUsedAt", notNullValue())
                .body("tokens[0].token", nullValue())
                .body("tokens[0].tokenHash", nullValue());
    }

    @Test
    void aTokenCannotManageTokensNorLogOut() {
        String session = TestUsers.signUp(TestUsers.newEmail());
        String token = create(session, Map.of("name", "t", "scopes", List.of("read", "devices", "alerts")))
                .then().statusCode(201).extract().path("token");

        given().header("Authorization", "Bearer " + token).get("/api/tokens")
                .then().statusCode(403).body("error", equalTo("session_required"));
        create(token, Map.of("name", "t2", "scopes", List.of("read")))
                .then().statusCode(403).body("error", equalTo("session_required"));
        given().header("Authorization", "Bearer " + token).post("/api/auth/logout")
                .then().statusCode(403).body("error", equalTo("session_required"));
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndAnotherUsersRevokeIsNotFound() {
        String session = TestUsers.signUp(TestUsers.newEmail());
        String stranger = TestUsers.signUp(TestUsers.newEmail());
        ExtractableResponse<Response> created = create(session, Map.of("name", "t", "scopes", List.of("read")))
                .then().statusCode(201).extract();
        String token = created.path("token");
        String id = created.path("id");
        verify(token).then().statusCode(200);

        given().header("x-session-token", stranger).delete("/api/tokens/" + id)
                .then().statusCode(404).body("error", equalTo("not_found"));
        verify(token).then().statusCode(200);

        given().header("x-session-token", session).delete("/api/tokens/" + id).then().statusCode(200);

        verify(token).then().statusCode(401).body("error", equalTo("invalid_session"));
        given().header("x-session-token", session).delete("/api/tokens/" + id).then().statusCode(404);
        given().header("x-session-token", session).get("/api/tokens").then().statusCode(200).body("tokens", hasSize(0));
    }

    @Test
    void anExpiredTokenIsRefusedWithinTheCacheBound() {
        String session = TestUsers.signUp(TestUsers.newEmail());
        ExtractableResponse<Response> created = create(session, Map.of("name", "t", "scopes", List.of("read")))
                .then().statusCode(201).extract();
        String token = created.path("token");
        verify(token).then().statusCode(200);

        parse.update(ParseAuth.master(), "ApiToken", created.path("id"),
                ParseFields.create().set("expiresAt", Instant.now().minusSeconds(1)));

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> verify(token).statusCode() == 401);
    }

    @Test
    void badRequestsAreRefusedAndStoreNothing() {
        String session = TestUsers.signUp(TestUsers.newEmail());
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("name", "t", "scopes", List.of("admin")),
                Map.of("name", "t", "scopes", List.of()),
                Map.of("name", " ", "scopes", List.of("read")),
                Map.of("name", "t", "scopes", List.of("read"), "expiresInDays", 0),
                Map.of("name", "t", "scopes", List.of("read"), "expiresInDays", 366),
                Map.of("name", "x".repeat(101), "scopes", List.of("read")),
                Map.of("scopes", List.of("read")))) {
            create(session, body).then().statusCode(400).body("error", equalTo("invalid_input"));
        }
        verify("pft_" + "A".repeat(43)).then().statusCode(401);
        verify("pft_short").then().statusCode(401);
        given().header("x-session-token", session).get("/api/tokens").then().statusCode(200).body("tokens", hasSize(0));
    }

    @Test
    void eightRevokesOfOneTokenAtOnceHaveOneWinner() {
        for (int round = 0; round < ROUNDS; round++) {
            String session = TestUsers.signUp(TestUsers.newEmail());
            String id = create(session, Map.of("name", "t", "scopes", List.of("read")))
                    .then().statusCode(201).extract().path("id");

            List<Integer> statuses = AtOnce.run(AT_ONCE, i -> given().header("x-session-token", session)
                    .delete("/api/tokens/" + id).statusCode());

            assertThat(statuses).as("round %d", round).containsOnly(200, 404);
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        }
    }

    @Test
    void usesRacingARevokeAreRefusedOnceTheRevokeAnswered() {
        for (int round = 0; round < ROUNDS; round++) {
            String session = TestUsers.signUp(TestUsers.newEmail());
            ExtractableResponse<Response> created = create(session, Map.of("name", "t", "scopes", List.of("read")))
                    .then().statusCode(201).extract();
            String token = created.path("token");

            List<Integer> statuses = AtOnce.run(AT_ONCE + 1, i -> i == 0
                    ? given().header("x-session-token", session).delete("/api/tokens/" + created.path("id")).statusCode()
                    : verify(token).statusCode());

            assertThat(statuses.getFirst()).isEqualTo(200);
            assertThat(statuses).as("round %d", round).isSubsetOf(200, 401);
            verify(token).then().statusCode(401);
            assertThat(parse.count(ParseAuth.master(), ParseQuery.of("ApiToken").equalTo("tokenHash", Secrets.hash(token))))
                    .isZero();
        }
    }

    @Test
    void eightCreatesAtOnceUnderTheLimitMakeOnlyTheLastToken() {
        int limit = 5;
        for (int round = 0; round < ROUNDS; round++) {
            String session = TestUsers.signUp(TestUsers.newEmail());
            for (int i = 0; i < limit - 1; i++) {
                create(session, Map.of("name", "t" + i, "scopes", List.of("read"))).then().statusCode(201);
            }

            List<ExtractableResponse<Response>> answers = AtOnce.run(AT_ONCE,
                    i -> create(session, Map.of("name", "race" + i, "scopes", List.of("read"))).then().extract());

            assertThat(answers).as("round %d", round).filteredOn(a -> a.statusCode() == 201).hasSize(1);
            assertThat(answers).filteredOn(a -> a.statusCode() == 403).hasSize(AT_ONCE - 1)
                    .allSatisfy(a -> assertThat(a.<String>path("error")).isEqualTo("token_quota_exceeded"));
            given().header("x-session-token", session).get("/api/tokens").then().body("tokens", hasSize(limit));
        }
    }

    private static Response create(String credential, Map<String, ?> body) {
        return given().header("Authorization", "Bearer " + credential).contentType(ContentType.JSON).body(body)
                .post("/api/tokens");
    }

    private static Response verify(String credential) {
        return given().contentType(ContentType.JSON).body(Map.of("sessionToken", credential))
                .post("/internal/sessions/verify");
    }
}
