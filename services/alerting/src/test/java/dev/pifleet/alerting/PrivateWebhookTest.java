package dev.pifleet.alerting;

import static dev.pifleet.alerting.ThresholdAlertTest.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.pifleet.alerting.TestFleet.TestDevice;
import dev.pifleet.alerting.TestFleet.TestUser;
import dev.pifleet.alerts.AlertKind;
import dev.pifleet.alerts.AlertRule;
import dev.pifleet.alerts.AlertRuleStore;
import dev.pifleet.alerts.AlertTransitions;
import dev.pifleet.alerts.WebhookSignature;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With the prod overlay's setting, internal webhook targets are refused when the rule is made and again at send time. */
@QuarkusTest
@TestProfile(PrivateWebhookTest.ProdWebhookPolicy.class)
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class PrivateWebhookTest {

    public static class ProdWebhookPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pifleet.alerts.allow-private-webhooks", "false");
        }
    }

    @Inject
    ParseClient parse;
    @Inject
    AlertRuleStore rules;
    @Inject
    AlertTransitions transitions;

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.0.0.5/hook",
            "http://192.168.1.10/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/hook",
            "http://[fd00:ec2::254]/", "https://0.0.0.0/"})
    void internalTargetsAreRefusedWhenTheRuleIsMade(String url) {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Pi", Instant.now());
        given().header("x-session-token", owner.sessionToken()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", device.deviceId(), "kind", "above", "sensor", "t", "threshold", 1,
                        "forSeconds", 0, "webhookUrl", url))
                .when().post("/api/alert-rules")
                .then().statusCode(400)
                .body("success", equalTo(false))
                .body("details.field", hasItem("webhookUrl"));
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
                    page -> "failed".equals(page.getString("deliveries[0].status")));
            assertThat(log.getString("deliveries[0].lastError")).startsWith("refused:");
            assertThat(receiver.received()).isEmpty();
        }
    }
}
