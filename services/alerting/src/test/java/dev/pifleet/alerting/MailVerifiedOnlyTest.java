package dev.pifleet.alerting;

import static dev.pifleet.alerting.ThresholdAlertTest.WAIT;
import static dev.pifleet.alerting.ThresholdAlertTest.awaitAlerts;
import static dev.pifleet.alerting.ThresholdAlertTest.createRule;
import static dev.pifleet.alerting.ThresholdAlertTest.deliveries;
import static dev.pifleet.alerting.ThresholdAlertTest.mailsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pifleet.alerting.TestFleet.TestDevice;
import dev.pifleet.alerting.TestFleet.TestUser;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With email verification on (the production default), alert mails go to verified addresses only. */
@QuarkusTest
@TestProfile(MailVerifiedOnlyTest.VerifiedOnly.class)
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class MailVerifiedOnlyTest {

    public static class VerifiedOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pifleet.alerts.mail-verified-only", "true");
        }
    }

    @Inject
    ParseClient parse;

    @Test
    void anUnverifiedOwnerGetsNoAlertMailAndAVerifiedOneDoes() {
        TestUser verified = TestFleet.signUp();
        parse.update(ParseAuth.master(), "_User", verified.userId(), ParseFields.create().set("emailVerified", true));
        TestUser unverified = TestFleet.signUp();
        for (TestUser owner : List.of(verified, unverified)) {
            TestDevice device = TestFleet.newDevice(parse, owner, "Barn", Instant.now().minusSeconds(3600));
            createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "offline", "forSeconds", 2, "email", true));
        }

        List<MimeMessage> mails = await().atMost(WAIT).until(() -> mailsTo(verified.email()), list -> !list.isEmpty());
        assertThat(mails).extracting(MimeMessage::getSubject).containsExactly("[pifleet] Alert: Barn: silent for 2 s");

        String alertId = awaitAlerts(unverified, "open", 1).getString("alerts[0].id");
        JsonPath log = await().atMost(WAIT).until(() -> deliveries(unverified, alertId),
                page -> page.getList("deliveries.findAll { it.status == 'failed' }").size() == 1);
        assertThat(log.getString("deliveries[0].lastError")).contains("not verified");
        assertThat(mailsTo(unverified.email())).isEmpty();
    }
}
