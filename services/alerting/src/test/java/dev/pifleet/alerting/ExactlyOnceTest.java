package dev.pifleet.alerting;

import static dev.pifleet.alerting.TestFleet.send;
import static dev.pifleet.alerting.ThresholdAlertTest.WAIT;
import static dev.pifleet.alerting.ThresholdAlertTest.alerts;
import static dev.pifleet.alerting.ThresholdAlertTest.awaitAlerts;
import static dev.pifleet.alerting.ThresholdAlertTest.awaitRulesLoaded;
import static dev.pifleet.alerting.ThresholdAlertTest.createRule;
import static dev.pifleet.alerting.ThresholdAlertTest.deliveries;
import static dev.pifleet.alerting.ThresholdAlertTest.mailsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pifleet.alerting.TestFleet.TestDevice;
import dev.pifleet.alerting.TestFleet.TestUser;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import dev.pifleet.testing.QuarkusAppProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Two ingest replicas see the same breach and the same recovery: each transition is notified once per channel.
 * Both replicas get every reading, at the same moment, so both try every transition.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class ExactlyOnceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(ExactlyOnceTest.class);

    @Inject
    ParseClient parse;

    @Test
    void twoIngestReplicasNotifyEachTransitionOncePerChannel() throws Exception {
        QuarkusAppProcess first = AlertingTestResource.ingest();
        QuarkusAppProcess second = AlertingTestResource.secondIngest();
        TestUser owner = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Greenhouse", null);
        try (WebhookReceiver receiver = new WebhookReceiver(0);
                ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "above", "sensor", "temperature",
                    "threshold", 30, "forSeconds", 0, "email", true, "webhookUrl", receiver.url()));
            awaitRulesLoaded(first, second);
            Map<String, Double> before = transitionsSince(Map.of(), first, second);

            Instant t0 = Instant.now().minusSeconds(60);
            for (int i = 0; i < 5; i++) {
                sendToBoth(senders, first, second, device, t0.plusSeconds(i), 35.0 + i);
            }
            awaitAlerts(owner, "open", 1);
            // Both replicas have seen Parse's open alert before the recovery arrives.
            awaitRulesLoaded(first, second);
            for (int i = 5; i < 10; i++) {
                sendToBoth(senders, first, second, device, t0.plusSeconds(i), 20.0);
            }
            JsonPath resolved = awaitAlerts(owner, "resolved", 1);
            String alertId = resolved.getString("alerts[0].id");
            // Whatever either replica still had in flight has been evaluated once both reloaded the rules again.
            awaitRulesLoaded(first, second);

            JsonPath log = await().atMost(WAIT).until(() -> deliveries(owner, alertId),
                    page -> page.getList("deliveries.status").stream().allMatch("sent"::equals)
                            && page.getList("deliveries").size() >= 4);
            assertThat(log.getList("deliveries")).hasSize(4);
            assertThat(log.<String>getList("deliveries.event"))
                    .containsExactlyInAnyOrder("opened", "opened", "resolved", "resolved");
            assertThat(alerts(owner, null).getList("alerts")).as("one episode").hasSize(1);
            assertThat(mailsTo(owner.email())).hasSize(2);
            assertThat(receiver.accepted()).extracting(hook -> JSON.readTree(hook.body()).path("event").asText())
                    .containsExactlyInAnyOrder("opened", "resolved");
            // The ingests' own count: of both replicas' tries, one open and one resolution won (the other tries lost
            // at the unique keys). Deltas over this test; test classes of this JVM run one after another.
            Map<String, Double> delta = transitionsSince(before, first, second);
            LOG.infof("transition tries of both ingest replicas in this test: %s", delta);
            assertThat(delta.getOrDefault("open won", 0.0)).as("%s", delta).isEqualTo(1.0);
            assertThat(delta.getOrDefault("resolve won", 0.0)).as("%s", delta).isEqualTo(1.0);
        }
    }

    /** pifleet_alerts_transitions_total of both ingests summed, per "transition outcome", less {@code before}. */
    private static Map<String, Double> transitionsSince(Map<String, Double> before, QuarkusAppProcess... ingests) {
        Map<String, Double> counts = new TreeMap<>();
        Pattern line = Pattern.compile("^pifleet_alerts_transitions_total\\{(.*)} (\\S+)$");
        for (QuarkusAppProcess ingest : ingests) {
            String metrics = given().baseUri(ingest.url()).when().get("/q/metrics").then().statusCode(200)
                    .extract().asString();
            metrics.lines().map(line::matcher).filter(Matcher::matches).forEach(match -> {
                String labels = match.group(1);
                String key = label(labels, "transition") + " " + label(labels, "outcome");
                counts.merge(key, Double.parseDouble(match.group(2)), Double::sum);
            });
        }
        before.forEach((key, value) -> counts.merge(key, -value, Double::sum));
        return counts;
    }

    private static String label(String labels, String name) {
        Matcher value = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        return value.find() ? value.group(1) : "";
    }

    private static void sendToBoth(ExecutorService senders, QuarkusAppProcess first, QuarkusAppProcess second,
            TestDevice device, Instant at, double temperature) {
        List<CompletableFuture<Void>> both = List.of(
                CompletableFuture.runAsync(() -> send(first, device, at, Map.of("temperature", temperature)), senders),
                CompletableFuture.runAsync(() -> send(second, device, at, Map.of("temperature", temperature)), senders));
        both.forEach(CompletableFuture::join);
    }
}
