package dev.pifleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.ingest.MqttClients.Run;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.ingest.mqtt.MqttListener;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.AtOnce;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Wrong keys per client address: the slot is taken before the key is looked up, so CONNECTs sent at once cannot all
 * slip past the limit. Its own app (a profile), as it spends the whole budget of 127.0.0.1.
 */
@QuarkusTest
@TestProfile(MqttCredentialThrottleTest.FiveWrongKeys.class)
@WithTestResource(ParseServerTestResource.class)
class MqttCredentialThrottleTest {

    private static final int LIMIT = 5;
    private static final int AT_ONCE = 12;

    public static class FiveWrongKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pifleet.mqtt.bad-credentials.max", String.valueOf(LIMIT),
                    "pifleet.mqtt.bad-credentials.window", "10m");
        }
    }

    @Inject
    ParseClient parse;

    @Inject
    MqttListener mqtt;

    @Test
    void wrongKeysSentAtOnceGetExactlyTheLimitOfLookupsAndTheRestAreThrottled() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        List<Run> runs = AtOnce.run(AT_ONCE, i -> MqttClients.mosquittoPub(mqtt.port(), device.deviceId(),
                ApiKeys.generate(), "pifleet/v1/readings", "{\"sensors\":{\"t\":1}}", Duration.ofSeconds(60)));

        assertThat(runs).noneMatch(Run::acknowledged);
        assertThat(runs.stream().filter(run -> run.output().contains("not authori"))).hasSize(LIMIT);
        assertThat(runs.stream().filter(run -> run.output().contains("unavailable"))).hasSize(AT_ONCE - LIMIT);
        // The address's budget is spent: even the right key is refused until the window ends.
        Run rightKey = MqttClients.mosquittoPub(mqtt.port(), device.deviceId(), device.apiKey(), "pifleet/v1/readings",
                "{\"sensors\":{\"t\":1}}", Duration.ofSeconds(60));
        assertThat(rightKey.output()).contains("unavailable");
        assertThat(TestFleet.storedReadings(parse, device)).isZero();
    }
}
