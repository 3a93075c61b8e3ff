package dev.pifleet.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.pifleet.alerting.TestFleet.TestDevice;
import dev.pifleet.alerting.TestFleet.TestUser;
import dev.pifleet.alerts.AlertRuleStore;
import dev.pifleet.alerts.AlertTransitions;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules and alerts API: bad input is a 400 naming the field; another user's things are 404; no session is 401. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class RuleApiTest {

    @Inject
    ParseClient parse;
    @Inject
    AlertRuleStore rules;
    @Inject
    AlertTransitions transitions;

    private TestUser alice;
    private TestDevice alicesPi;

    @BeforeEach
    void arrange() {
        alice = TestFleet.signUp();
        alicesPi = TestFleet.newDevice(parse, alice, "Greenhouse", Instant.now());
    }

    static Stream<Arguments> invalidRules() {
        String pi = "\"deviceId\":\"pi-12345\"";
        return Stream.of(
                Arguments.of("{\"kind\":\"above\",\"sensor\":\"t\",\"threshold\":1,\"forSeconds\":0,\"email\":true}", "deviceId"),
                Arguments.of("{\"deviceId\":\"a b\",\"kind\":\"above\",\"sensor\":\"t\",\"threshold\":1,\"forSeconds\":0,\"email\":true}", "deviceId"),
                Arguments.of("{" + pi + ",\"kind\":\"sideways\",\"forSeconds\":60,\"email\":true}", "kind"),
                Arguments.of("{" + pi + ",\"forSeconds\":60,\"email\":true}", "kind"),
                Arguments.of("{" + pi + ",\"kind\":\"offline\",\"forSeconds\":1,\"email\":true}", "forSeconds"),
                Arguments.of("{" + pi + ",\"kind\":\"offline\",\"email\":true}", "forSeconds"),
                Arguments.of("{" + pi + ",\"kind\":\"above\",\"sensor\":\"t\",\"threshold\":1,\"forSeconds\":-1,\"email\":true}", "forSeconds"),
                Arguments.of("{" + pi + ",\"kind\":\"offline\",\"forSeconds\":60,\"sensor\":\"t\",\"email\":true}", "kind"),
                Arguments.of("{" + pi + ",\"kind\":\"above\",\"threshold\":1,\"forSeconds\":0,\"email\":true}", "sensor"),
                Arguments.of("{" + pi + ",\"kind\":\"above\",\"sensor\":\"bad name!\",\"threshold\":1,\"forSeconds\":0,\"email\":true}", "sensor"),
                Arguments.of("{" + pi + ",\"kind\":\"below\",\"sensor\":\"t\",\"forSeconds\":0,\"email\":true}", "threshold"),
                Arguments.of("{" + pi + ",\"kind\":\"below\",\"sensor\":\"t\",\"threshold\":\"cold\",\"forSeconds\":0,\"email\":true}", "threshold"),
                Arguments.of("{" + pi + ",\"kind\":\"below\",\"sensor\":\"t\",\"threshold\":1,\"deadband\":-1,\"forSeconds\":0,\"email\":true}", "deadband"),
                Arguments.of("{" + pi + ",\"kind\":\"below\",\"sensor\":\"t\",\"threshold\":1,\"forSeconds\":0,\"email\":false}", "email"),
                Arguments.of("{" + pi + ",\"kind\":\"below\",\"sensor\":\"t\",\"threshold\":1,\"forSeconds\":0}", "email"),
                Arguments.of("{" + pi + ",\"kind\":\"below\",\"sensor\":\"t\",\"threshold\":1,\"forSeconds\":0,\"webhookUrl\":\"ftp://x.example/\"}", "webhookUrl"),
                Arguments.of("{" + pi + ",\"kind\":\"below\",\"sensor\":\"t\",\"threshold\":1,\"forSeconds\":0,\"webhookUrl\":\"https://u:p@x.example/\"}", "webhookUrl"),
                Arguments.of("{" + pi + ",\"kind\":\"below\",\"sensor\":\"t\",\"threshold\":1,\"forSeconds\":0,\"email\":true,\"repeatMinutes\":0}", "repeatMinutes"),
                Arguments.of("{" + pi + ",\"kind\":\"below\",\"sensor\":\"t\",\"threshold\":1,\"forSeconds\":0,\"email\":true,\"repeatMinutes\":99999}", "repeatMinutes"),
                Arguments.of("[]", "body"));
    }

    @ParameterizedTest
    @MethodSource("invalidRules")
    void invalidRulesAreRefusedNamingTheField(String body, String field) {
        given().header("x-session-token", alice.sessionToken()).contentType(ContentType.JSON).body(body)
                .when().post("/api/alert-rules")
                .then().statusCode(400)
                .body("success", equalTo(false))
                .body("details.field", hasItem(field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"state=closed", "limit=0", "limit=1000", "cursor=not-a-cursor", "deviceId=a%20b"})
    void invalidListParametersAreRefused(String query) {
        given().header("x-session-token", alice.sessionToken())
                .when().get("/api/alerts?" + query)
                .then().statusCode(400).body("success", equalTo(false));
    }

    @Test
    void theWebhookSecretIsShownOnceAndRulesListNewestFirst() {
        String id = given().header("x-session-token", alice.sessionToken()).contentType(ContentType.JSON)
                .body("{\"deviceId\":\"" + alicesPi.deviceId() + "\",\"kind\":\"above\",\"sensor\":\"temperature\","
                        + "\"threshold\":30,\"forSeconds\":300,\"email\":true,\"webhookUrl\":\"http://127.0.0.1:9/x\","
                        + "\"repeatMinutes\":60}")
                .when().post("/api/alert-rules")
                .then().statusCode(201)
                .body("success", equalTo(true))
                .body("rule.webhookSecret", org.hamcrest.Matchers.startsWith("whsec_"))
                .body("rule.description", equalTo("temperature above 30 for 5 min"))
                .body("rule.deadband", equalTo(0.5f))
                .extract().path("rule.id");
        given().header("x-session-token", alice.sessionToken())
                .when().get("/api/alert-rules")
                .then().statusCode(200)
                .body("rules[0].id", equalTo(id))
                .body("rules[0]", not(hasKey("webhookSecret")))
                .body("rules[0].repeatMinutes", equalTo(60));
    }

    @Test
    void anotherUsersDevicesRulesAndAlertsAnswer404() {
        TestUser mallory = TestFleet.signUp();
        String ruleId = given().header("x-session-token", alice.sessionToken()).contentType(ContentType.JSON)
                .body("{\"deviceId\":\"" + alicesPi.deviceId() + "\",\"kind\":\"offline\",\"forSeconds\":3600,\"email\":true}")
                .when().post("/api/alert-rules")
                .then().statusCode(201).extract().path("rule.id");
        var rule = rules.find(ruleId).orElseThrow();
        transitions.open(rule, 3600, Instant.now());
        String alertId = given().header("x-session-token", alice.sessionToken())
                .when().get("/api/alerts").then().statusCode(200).extract().path("alerts[0].id");

        given().header("x-session-token", mallory.sessionToken()).contentType(ContentType.JSON)
                .body("{\"deviceId\":\"" + alicesPi.deviceId() + "\",\"kind\":\"offline\",\"forSeconds\":3600,\"email\":true}")
                .when().post("/api/alert-rules")
                .then().statusCode(404).body("success", equalTo(false));
        given().header("x-session-token", mallory.sessionToken())
                .when().delete("/api/alert-rules/" + ruleId).then().statusCode(404);
        given().header("x-session-token", mallory.sessionToken())
                .when().get("/api/alerts/" + alertId + "/deliveries").then().statusCode(404);
        given().header("x-session-token", mallory.sessionToken())
                .when().get("/api/alerts?deviceId=" + alicesPi.deviceId()).then().statusCode(404);
        given().header("x-session-token", mallory.sessionToken())
                .when().get("/api/alerts").then().statusCode(200).body("alerts.size()", equalTo(0));
        given().header("x-session-token", mallory.sessionToken())
                .when().get("/api/alert-rules").then().statusCode(200).body("rules.size()", equalTo(0));
        given().header("x-session-token", mallory.sessionToken())
                .when().get("/api/alerts/open-count").then().statusCode(200).body("open", equalTo(0));

        given().header("x-session-token", alice.sessionToken())
                .when().get("/api/alerts/open-count").then().statusCode(200).body("open", equalTo(1));
        given().header("x-session-token", alice.sessionToken())
                .when().delete("/api/alert-rules/" + ruleId).then().statusCode(200).body("success", equalTo(true));
        given().header("x-session-token", alice.sessionToken())
                .when().get("/api/alerts").then().statusCode(200)
                .body("alerts[0].state", equalTo("resolved")).body("alerts[0].rule", nullValue());
        given().header("x-session-token", alice.sessionToken())
                .when().delete("/api/alert-rules/" + ruleId).then().statusCode(404);
    }

    @Test
    void alertsArePagedNewestFirstWithACursor() {
        String ruleId = given().header("x-session-token", alice.sessionToken()).contentType(ContentType.JSON)
                .body("{\"deviceId\":\"" + alicesPi.deviceId() + "\",\"kind\":\"offline\",\"forSeconds\":3600,\"email\":true}")
                .when().post("/api/alert-rules")
                .then().statusCode(201).extract().path("rule.id");
        var rule = rules.find(ruleId).orElseThrow();
        Instant t0 = Instant.now().minusSeconds(600);
        for (int i = 0; i < 3; i++) {
            transitions.open(rule, i, t0.plusSeconds(i * 10L));
            transitions.resolve(rule, null, t0.plusSeconds(i * 10L + 5));
        }
        var first = given().header("x-session-token", alice.sessionToken()).queryParam("limit", 2)
                .when().get("/api/alerts").then().statusCode(200)
                .body("alerts.size()", equalTo(2)).body("alerts[0].value", equalTo(2.0f))
                .extract().jsonPath();
        given().header("x-session-token", alice.sessionToken()).queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor"))
                .when().get("/api/alerts").then().statusCode(200)
                .body("alerts.size()", equalTo(1)).body("alerts[0].value", equalTo(0.0f))
                .body("nextCursor", nullValue());
    }

    @Test
    void withoutASessionEveryCallIs401() {
        given().when().get("/api/alert-rules").then().statusCode(401).body("success", equalTo(false));
        given().when().get("/api/alerts").then().statusCode(401);
        given().when().delete("/api/alert-rules/abc").then().statusCode(401);
    }
}
