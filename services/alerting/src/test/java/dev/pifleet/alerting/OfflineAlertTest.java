package dev.pifleet.alerting;

import static dev.pifleet.alerting.ThresholdAlertTest.WAIT;
import static dev.pifleet.alerting.ThresholdAlertTest.awaitAlerts;
import static dev.pifleet.alerting.ThresholdAlertTest.createRule;
import static dev.pifleet.alerting.ThresholdAlertTest.mailsTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pifleet.alerting.TestFleet.TestDevice;
import dev.pifleet.alerting.TestFleet.TestUser;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An offline rule with a short test timeout (the test profile allows 2 s) opens by the sweep and resolves on a heartbeat. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class OfflineAlertTest {

    @Inject
    ParseClient parse;

    @Test
    void aSilentDeviceOpensAnOfflineAlertAndAHeartbeatResolvesIt() {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Barn", Instant.now().minusSeconds(3600));
        createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "offline", "forSeconds", 2, "email", true));

        JsonPath open = awaitAlerts(owner, "open", 1);
        assertThat(open.getString("alerts[0].kind")).isEqualTo("offline");
        assertThat(open.getString("alerts[0].rule")).isEqualTo("silent for 2 s");
        List<MimeMessage> mails = await().atMost(WAIT).until(() -> mailsTo(owner.email()), list -> !list.isEmpty());
        assertThat(mails).extracting(MimeMessage::getSubject).containsExactly("[pifleet] Alert: Barn: silent for 2 s");

        given().baseUri(AlertingTestResource.ingest().url()).header("Authorization", "Device " + device.apiKey())
                .contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/device/heartbeat")
                .then().statusCode(200);
        awaitAlerts(owner, "resolved", 1);
        await().atMost(WAIT).until(() -> mailsTo(owner.email()), list -> list.size() >= 2);
        assertThat(mailsTo(owner.email())).extracting(MimeMessage::getSubject)
                .contains("[pifleet] Resolved: Barn: silent for 2 s");
    }
}
