package dev.pifleet.alerting;

import static dev.pifleet.alerting.ThresholdAlertTest.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pifleet.alerting.TestFleet.TestDevice;
import dev.pifleet.alerting.TestFleet.TestUser;
import dev.pifleet.alerts.AlertKind;
import dev.pifleet.alerts.AlertRule;
import dev.pifleet.alerts.AlertRuleStore;
import dev.pifleet.alerts.AlertTransitions;
import dev.pifleet.alerts.WebhookSignature;
import dev.pifleet.alerts.WebhookTargets;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the prod overlay's setting, internal webhook targets are refused when the rule is made and again at send
 * time ({@code WebhookSenderTest} has every target at send time), all with one message.
 */
@QuarkusTest
@TestProfile(ProdWebhookPolicy.class)
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class PrivateWebhookTest {

    @Inject
    ParseClient parse;
    @Inject
    AlertRuleStore rules;
    @Inject
    AlertTransitions transitions;

    @Test
    void everyInternalTargetIsRefusedWhenTheRuleIsMadeWithOneMessage() throws Exception {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Pi", Instant.now());
        List<String> accepted = new ArrayList<>();
        List<String[]> targets = HostileTargets.urls(9);
        for (String[] target : targets) {
            JsonPath answer = given().header("x-session-token", owner.sessionToken()).contentType(ContentType.JSON)
                    .body(Map.of("deviceId", device.deviceId(), "kind", "above", "sensor", "t", "threshold", 1,
                            "forSeconds", 0, "webhookUrl", target[1]))
                    .when().post("/api/alert-rules")
                    .then().extract().jsonPath();
            if (!"webhookUrl".equals(answer.getString("details[0].field"))
                    || !WebhookTargets.REFUSED.equals(answer.getString("details[0].message"))) {
                accepted.add(target[0] + " " + target[1] + ": " + answer.prettify());
            }
        }
        assertThat(targets).hasSizeGreaterThan(200);
        assertThat(accepted).isEmpty();
        assertThat(given().header("x-session-token", owner.sessionToken()).when().get("/api/alert-rules")
                .then().statusCode(200).extract().jsonPath().getList("rules")).as("nothing stored").isEmpty();
    }

    @Test
    void aPublicTargetIsAccepted() {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Pi", Instant.now());
        for (String url : List.of("https://[2606:4700:4700::1111]/hook", "https://8.8.8.8/hook",
                "https://" + HostileTargets.hex(HostileTargets.NOWHERE) + ".addr.pifleet.test/hook")) {
            given().header("x-session-token", owner.sessionToken()).contentType(ContentType.JSON)
                    .body(Map.of("deviceId", device.deviceId(), "kind", "above", "sensor", "t", "threshold", 1,
                            "forSeconds", 0, "webhookUrl", url))
                    .when().post("/api/alert-rules")
                    .then().statusCode(201);
        }
    }

    @Test
    void aTargetThatTurnedInternalIsRefusedAtSendTime() throws Exception {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Pi", Instant.now());
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            // As if the name had resolved to a public address when the rule was made and to loopback now.
            AlertRule rule = rules.create(new AlertRule(null, owner.userId(), device.objectId(), device.deviceId(),
                    AlertKind.ABOVE, "t", 1.0, 0.0, 0, false, receiver.url(), WebhookSignature.newSecret(), 0, null));
            transitions.open(rule, 5, Instant.now());
            String alertId = given().header("x-session-token", owner.sessionToken())
                    .when().get("/api/alerts").then().statusCode(200).extract().path("alerts[0].id");
            var log = await().atMost(WAIT).until(() -> ThresholdAlertTest.deliveries(owner, alertId),
                    page -> page.getInt("deliveries[0].attempts") >= 2);
            // Retried, like a name that does not resolve: the delivery log tells nothing more about the name.
            assertThat(log.getString("deliveries[0].status")).isEqualTo("pending");
            assertThat(log.getString("deliveries[0].lastError")).isEqualTo("refused: " + WebhookTargets.REFUSED);
            assertThat(receiver.received()).isEmpty();
        }
    }
}
