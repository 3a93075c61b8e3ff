package dev.pifleet.alerting;

import static dev.pifleet.alerting.TestFleet.rulesRefreshedAt;
import static dev.pifleet.alerting.TestFleet.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.pifleet.alerting.TestFleet.TestDevice;
import dev.pifleet.alerting.TestFleet.TestUser;
import dev.pifleet.alerts.WebhookSignature;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import dev.pifleet.testing.QuarkusAppProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A threshold rule, tripped through the real ingest, notified by real SMTP (GreenMail) and a real webhook receiver. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class ThresholdAlertTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ParseClient parse;

    @Test
    void aThresholdRuleOpensAndResolvesWithOneMailAndOneSignedWebhookEach() throws Exception {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Greenhouse", null);
        QuarkusAppProcess ingest = AlertingTestResource.ingest();
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            JsonPath rule = createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "above",
                    "sensor", "temperature", "threshold", 30, "deadband", 1, "forSeconds", 0, "email", true,
                    "webhookUrl", receiver.url()));
            String secret = rule.getString("rule.webhookSecret");
            assertThat(secret).startsWith("whsec_");
            awaitRulesLoaded(ingest);

            Instant t0 = Instant.now().minusSeconds(30);
            send(ingest, device, t0, Map.of("temperature", 25.0));
            send(ingest, device, t0.plusSeconds(1), Map.of("temperature", 31.5));
            JsonPath open = awaitAlerts(owner, "open", 1);
            assertThat(open.getString("alerts[0].deviceId")).isEqualTo(device.deviceId());
            assertThat(open.getString("alerts[0].deviceName")).isEqualTo("Greenhouse");
            assertThat(open.getDouble("alerts[0].value")).isEqualTo(31.5);
            assertThat(open.getString("alerts[0].rule")).isEqualTo("temperature above 30");

            send(ingest, device, t0.plusSeconds(2), Map.of("temperature", 29.5)); // inside the deadband: still open
            send(ingest, device, t0.plusSeconds(3), Map.of("temperature", 28.0));
            JsonPath resolved = awaitAlerts(owner, "resolved", 1);
            assertThat(resolved.getString("alerts[0].resolvedAt")).isNotNull();

            List<MimeMessage> mails = await().atMost(WAIT).until(() -> mailsTo(owner.email()), list -> list.size() >= 2);
            assertThat(mails).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                    "[pifleet] Alert: Greenhouse: temperature above 30",
                    "[pifleet] Resolved: Greenhouse: temperature above 30");
            assertThat(GreenMailUtil.getBody(mails.getFirst())).contains(device.deviceId());

            List<WebhookReceiver.Received> hooks = await().atMost(WAIT).until(receiver::accepted, list -> list.size() >= 2);
            assertThat(hooks).hasSize(2);
            for (WebhookReceiver.Received hook : hooks) {
                byte[] raw = hook.body().getBytes(StandardCharsets.UTF_8);
                String signature = hook.header(WebhookSignature.HEADER);
                JsonNode body = JSON.readTree(hook.body());
                String t = "t=" + body.path("timestamp").asText();
                assertThat(signature).startsWith(t + ",v1=");
                assertThat(WebhookSignature.verify(secret, signature, raw, Instant.now(), Duration.ofMinutes(5))).isTrue();
                // A replay with a newer timestamp in the header: the HMAC covers the timestamp, so it fails.
                String replayed = signature.replace(t, "t=" + (body.path("timestamp").asLong() + 1));
                assertThat(WebhookSignature.verify(secret, replayed, raw, Instant.now(), Duration.ofMinutes(5))).isFalse();
                assertThat(body.path("rule").path("id").asText()).isEqualTo(rule.getString("rule.id"));
                assertThat(body.path("device").path("name").asText()).isEqualTo("Greenhouse");
            }
            // Kept for the verification snippets in docs/alerts.md, which were run on it.
            Path capture = Files.createDirectories(Path.of("target", "webhook-capture"));
            Files.write(capture.resolve("body.json"), hooks.getFirst().body().getBytes(StandardCharsets.UTF_8));
            Files.writeString(capture.resolve("signature"), hooks.getFirst().header(WebhookSignature.HEADER));
            Files.writeString(capture.resolve("secret"), secret);
            assertThat(hooks).extracting(hook -> JSON.readTree(hook.body()).path("event").asText())
                    .containsExactlyInAnyOrder("opened", "resolved");
            assertThat(mailsTo(owner.email())).hasSize(2);
        }
    }

    @Test
    void aWebhookAnswering500IsRetriedAndTheLogShowsIt() throws Exception {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Shed", null);
        QuarkusAppProcess ingest = AlertingTestResource.ingest();
        try (WebhookReceiver receiver = new WebhookReceiver(2)) {
            String secret = createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "below", "sensor", "soil",
                    "threshold", 20, "forSeconds", 0, "email", false, "webhookUrl", receiver.url()))
                    .getString("rule.webhookSecret");
            awaitRulesLoaded(ingest);
            send(ingest, device, Instant.now(), Map.of("soil", 12));
            String alertId = awaitAlerts(owner, "open", 1).getString("alerts[0].id");

            List<WebhookReceiver.Received> accepted = await().atMost(WAIT).until(receiver::accepted, list -> !list.isEmpty());
            assertThat(receiver.received()).hasSize(3);
            assertThat(receiver.received()).extracting(hook -> hook.header(WebhookSignature.DELIVERY_HEADER))
                    .as("the same delivery, retried").containsOnly(accepted.getFirst().header(WebhookSignature.DELIVERY_HEADER));
            for (WebhookReceiver.Received attempt : receiver.received()) {
                long timestamp = JSON.readTree(attempt.body()).path("timestamp").asLong();
                assertThat(attempt.header(WebhookSignature.HEADER))
                        .isEqualTo(WebhookSignature.header(secret, timestamp, attempt.body().getBytes(StandardCharsets.UTF_8)));
            }
            JsonPath log = await().atMost(WAIT).until(() -> deliveries(owner, alertId),
                    page -> "sent".equals(page.getString("deliveries[0].status")));
            assertThat(log.getList("deliveries")).hasSize(1);
            assertThat(log.getString("deliveries[0].channel")).isEqualTo("webhook");
            assertThat(log.getInt("deliveries[0].attempts")).isEqualTo(3);
        }
    }

    @Test
    void hysteresisStopsAValueHoveringAtTheLineFromFlapping() throws Exception {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Cellar", null);
        QuarkusAppProcess ingest = AlertingTestResource.ingest();
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "above", "sensor", "humidity",
                    "threshold", 70, "deadband", 2, "forSeconds", 0, "email", false, "webhookUrl", receiver.url()));
            awaitRulesLoaded(ingest);
            Instant t0 = Instant.now().minusSeconds(60);
            for (int i = 0; i < 20; i++) {
                send(ingest, device, t0.plusSeconds(i), Map.of("humidity", i % 2 == 0 ? 70.5 : 69.5));
            }
            send(ingest, device, t0.plusSeconds(21), Map.of("humidity", 67.9)); // past the deadband: resolves
            awaitAlerts(owner, "resolved", 1);
            JsonPath all = alerts(owner, null);
            assertThat(all.getList("alerts")).as("one episode, not ten").hasSize(1);
            await().atMost(WAIT).until(receiver::accepted, list -> list.size() >= 2);
            assertThat(receiver.accepted()).hasSize(2);
        }
    }

    @Test
    void aRuleOnASensorWhoseNameHasADotFiresLikeAnyOther() {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Dotted", null);
        QuarkusAppProcess ingest = AlertingTestResource.ingest();
        for (String sensor : List.of("temp.c", "plain")) {
            createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "above", "sensor", sensor,
                    "threshold", 30, "forSeconds", 0, "email", true));
        }
        awaitRulesLoaded(ingest);

        send(ingest, device, Instant.now().minusSeconds(5), Map.of("temp.c", 40.0, "plain", 40.0));

        JsonPath open = awaitAlerts(owner, "open", 2);
        assertThat(open.getList("alerts.rule", String.class))
                .containsExactlyInAnyOrder("temp.c above 30", "plain above 30");
    }

    @Test
    void aDeletedRuleStopsFiringAndANewOneStartsWithoutAFullReload() {
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Changing", null);
        QuarkusAppProcess ingest = AlertingTestResource.ingest();
        String gone = createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "above", "sensor", "gone",
                "threshold", 30, "forSeconds", 0, "email", true)).getString("rule.id");
        awaitRulesLoaded(ingest);
        given().header("x-session-token", owner.sessionToken()).when().delete("/api/alert-rules/" + gone)
                .then().statusCode(200);
        createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "above", "sensor", "kept",
                "threshold", 30, "forSeconds", 0, "email", true));
        // The ingest's passes read only what changed (a full reload comes every 5 minutes): both changes are seen.
        awaitRulesLoaded(ingest);

        send(ingest, device, Instant.now().minusSeconds(5), Map.of("gone", 40.0, "kept", 40.0));

        assertThat(awaitAlerts(owner, "open", 1).getList("alerts.rule", String.class)).containsExactly("kept above 30");
        // The same batch evaluated both rules' sensors: a deleted rule that still fired would show within moments.
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> alerts(owner, null).getList("alerts").size() == 1);
        assertThat(TestFleet.rulePasses(ingest, "changes")).as("passes that read only the changes").isPositive();
    }

    static JsonPath createRule(TestUser owner, Map<String, Object> body) {
        return given().header("x-session-token", owner.sessionToken()).contentType(ContentType.JSON)
                .body(new HashMap<>(body))
                .when().post("/api/alert-rules")
                .then().statusCode(201).extract().jsonPath();
    }

    /** Waits until every given ingest has reloaded the rules since now. */
    static void awaitRulesLoaded(QuarkusAppProcess... ingests) {
        long since = System.currentTimeMillis();
        await().atMost(WAIT).until(() -> Arrays.stream(ingests).allMatch(ingest -> rulesRefreshedAt(ingest) > since));
    }

    static JsonPath alerts(TestUser owner, String state) {
        var request = given().header("x-session-token", owner.sessionToken());
        if (state != null) {
            request.queryParam("state", state);
        }
        return request.when().get("/api/alerts").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitAlerts(TestUser owner, String state, int count) {
        return await().atMost(WAIT).until(() -> alerts(owner, state), page -> page.getList("alerts").size() >= count);
    }

    static JsonPath deliveries(TestUser owner, String alertId) {
        return given().header("x-session-token", owner.sessionToken())
                .when().get("/api/alerts/" + alertId + "/deliveries")
                .then().statusCode(200).extract().jsonPath();
    }

    static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(AlertingTestResource.smtp().getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(to -> to.toString().contains(address));
            } catch (Exception unreadable) {
                return false;
            }
        }).toList();
    }
}
