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
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding between the check and the connection: a name that answers a public address to its first lookup and
 * 127.0.0.1 to every later one ({@link TestDns}). This module's tests run with the JVM's lookup
 * cache off ({@code -Dsun.net.inetaddr.ttl=0} in the pom), the attacker's best case: every lookup reaches the
 * resolver. A client that resolved the name again to connect would get 127.0.0.1 right after the check passed.
 */
@QuarkusTest
@TestProfile(ProdWebhookPolicy.class)
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class DnsRebindingTest {

    @Inject
    ParseClient parse;
    @Inject
    AlertRuleStore rules;
    @Inject
    AlertTransitions transitions;

    @Test
    void aNameThatRebindsToLoopbackNeverReachesTheLoopbackReceiver() throws Exception {
        String rebind = "." + HostileTargets.hex(HostileTargets.NOWHERE) + ".7f000001.rebind.pifleet.test";
        // The answer changes, and the cache does not hide it.
        String probe = "probe-" + UUID.randomUUID() + rebind;
        assertThat(InetAddress.getByName(probe).getHostAddress()).isEqualTo("3000:0:0:0:0:0:0:1");
        assertThat(InetAddress.getByName(probe).getHostAddress()).isEqualTo("127.0.0.1");

        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Pi", Instant.now());
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            String url = "http://r-" + UUID.randomUUID() + rebind + ":" + receiver.port() + "/hook";
            AlertRule rule = rules.create(new AlertRule(null, owner.userId(), device.objectId(), device.deviceId(),
                    AlertKind.ABOVE, "t", 1.0, 0.0, 0, false, url, WebhookSignature.newSecret(), 0, null));
            transitions.open(rule, 5, Instant.now());
            String alertId = given().header("x-session-token", owner.sessionToken())
                    .when().get("/api/alerts").then().statusCode(200).extract().path("alerts[0].id");
            // Attempt 1 passes the check (the public answer) and connects to that address, which routes nowhere;
            // attempt 2 gets 127.0.0.1 and is refused. A client that looked the name up again to connect would
            // have reached the receiver in attempt 1 (the JDK's did, with the previous sender).
            var log = await().atMost(WAIT).until(() -> ThresholdAlertTest.deliveries(owner, alertId),
                    page -> page.getInt("deliveries[0].attempts") >= 2 || "sent".equals(page.getString("deliveries[0].status")));
            assertThat(log.getString("deliveries[0].status")).isEqualTo("pending");
            assertThat(receiver.received()).isEmpty();
        }
    }
}
