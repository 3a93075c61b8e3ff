package dev.pifleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pifleet.device.fleet.CommandName;
import dev.pifleet.fleet.CommandStore;
import dev.pifleet.fleet.ConfigChange;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.fleet.FleetDevice;
import dev.pifleet.fleet.StoredCommand;
import dev.pifleet.ingest.MqttClients.PahoDevice;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.ingest.mqtt.MqttListener;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config and commands by subscription, to a paho client, through the same fleet code as the HTTP long-poll. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class MqttFleetTest {

    private static final String CONFIG = "pifleet/v1/config";
    private static final String COMMANDS = "pifleet/v1/commands";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ParseClient parse;

    @Inject
    MqttListener mqtt;

    @Inject
    CommandStore commands;

    @Inject
    DeviceConfigStore configs;

    @Test
    void theDesiredConfigIsSentOnSubscribeAndAgainWhenItChanges() throws Exception {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        configs.change(fleet(device), new ConfigChange(30, null, List.of("simulated"), null), Instant.now());
        try (PahoDevice paho = connected(device)) {
            paho.subscribe(CONFIG);

            Map<?, ?> first = payload(paho.awaitEvent("message", event -> CONFIG.equals(event.get("topic")), WAIT));
            assertThat(first.get("version")).isEqualTo(1);
            assertThat(first.get("readingIntervalSeconds")).isEqualTo(30);

            long version = configs.change(fleet(device), new ConfigChange(null, 20, null, null), Instant.now());
            Map<?, ?> changed = payload(paho.awaitEvent("message", event -> CONFIG.equals(event.get("topic"))
                    && event.get("payload").toString().contains("\"version\":" + version), WAIT));
            assertThat(changed.get("heartbeatIntervalSeconds")).isEqualTo(20);
        }
    }

    @Test
    void aQueuedCommandReachesTheSubscriberMarkedSentAndItsResultFinishesIt() throws Exception {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        try (PahoDevice paho = connected(device)) {
            paho.subscribe(COMMANDS);
            paho.awaitEvent("suback", WAIT);
            StoredCommand queued = queue(device);

            Map<?, ?> command = payload(paho.awaitEvent("message", event -> COMMANDS.equals(event.get("topic")), WAIT));
            assertThat(command.get("id")).isEqualTo(queued.id());
            assertThat(command.get("name")).isEqualTo("read-sensors");
            assertThat(state(device, queued)).isEqualTo("sent");

            String resultTopic = COMMANDS + "/" + queued.id() + "/result";
            paho.publish(resultTopic, "{\"state\":\"succeeded\",\"result\":{\"t\":21.5}}", 1);
            paho.awaitEvent("puback", WAIT);
            assertThat(state(device, queued)).isEqualTo("succeeded");

            // A resend after a lost PUBACK finds the result stored: acknowledged again, nothing changes.
            paho.publish(resultTopic, "{\"state\":\"failed\",\"error\":\"late\"}", 1);
            await().atMost(WAIT).until(() -> paho.events("puback").size() == 2);
            assertThat(state(device, queued)).isEqualTo("succeeded");
            assertThat(paho.events("disconnect")).isEmpty();
        }
    }

    @Test
    void aConfigOnlySubscriberLeavesCommandsQueued() throws Exception {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        try (PahoDevice paho = connected(device)) {
            paho.subscribe(CONFIG);
            paho.awaitEvent("message", event -> CONFIG.equals(event.get("topic")), WAIT);
            StoredCommand queued = queue(device);
            // The config change is looked at after the command was queued: had the feed taken commands, it would have.
            long version = configs.change(fleet(device), new ConfigChange(45, null, null, null), Instant.now());
            paho.awaitEvent("message", event -> event.get("payload").toString().contains("\"version\":" + version), WAIT);

            assertThat(state(device, queued)).isEqualTo("queued");
            assertThat(paho.events("message").stream().filter(event -> COMMANDS.equals(event.get("topic")))).isEmpty();
        }
    }

    @Test
    void aDeviceCannotFinishAnotherDevicesCommand() {
        ParseUser owner = TestFleet.newUser(parse);
        TestDevice victim = TestFleet.newDevice(parse, owner);
        TestDevice other = TestFleet.newDevice(parse, owner);
        StoredCommand queued = queue(victim);
        try (PahoDevice paho = connected(other)) {
            paho.publish(COMMANDS + "/" + queued.id() + "/result", "{\"state\":\"succeeded\"}", 1);
            paho.awaitEvent("disconnect", WAIT);
            assertThat(paho.events("puback")).isEmpty();
        }
        assertThat(state(victim, queued)).isEqualTo("queued");
    }

    @Test
    void subscriptionsToOtherTopicsAreRefused() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        try (PahoDevice paho = connected(device)) {
            paho.subscribe("pifleet/v1/#");
            Map<String, Object> suback = paho.awaitEvent("suback", WAIT);
            assertThat(suback.get("granted")).isEqualTo(List.of(128));
        }
    }

    private PahoDevice connected(TestDevice device) {
        PahoDevice paho = MqttClients.paho(mqtt.port(), device.deviceId(), device.apiKey());
        paho.awaitEvent("connack", event -> Integer.valueOf(0).equals(event.get("rc")), WAIT);
        return paho;
    }

    private StoredCommand queue(TestDevice device) {
        return commands.queueAll(List.of(fleet(device)), CommandName.READ_SENSORS, Map.of(), Instant.now().plusSeconds(600))
                .getFirst();
    }

    private String state(TestDevice device, StoredCommand command) {
        return commands.ofDevice(device.objectId(), command.id()).orElseThrow().state().wireName();
    }

    private static Map<?, ?> payload(Map<String, Object> message) throws Exception {
        return JSON.readValue(message.get("payload").toString(), Map.class);
    }

    private static FleetDevice fleet(TestDevice device) {
        return new FleetDevice(device.objectId(), device.deviceId(), device.owner().objectId());
    }
}
