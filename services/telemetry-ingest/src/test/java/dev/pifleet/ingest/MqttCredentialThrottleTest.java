package dev.pifleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.ingest.MqttClients.Run;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.ingest.mqtt.MqttListener;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Wrong keys per client address: only failed lookups count, so right keys sent at once from one address are never
 * refused, while wrong keys sent at once get exactly the limit of lookups (the lookups beyond the budget wait for
 * the running ones instead of slipping past). Its own app (a profile), as the last test spends the whole budget of
 * 127.0.0.1; the order matters for that reason.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    @Order(1)
    void rightKeysSentAtOnceFromOneAddressAreAllAcceptedRoundAfterRound() {
        ParseUser owner = TestFleet.newUser(parse);
        for (int round = 0; round < 3; round++) {
            // Fresh devices each round: their keys are not cached, so each CONNECT is a lookup under the throttle.
            List<TestDevice> devices = AtOnce.run(AT_ONCE, i -> TestFleet.newDevice(parse, owner));
            int thisRound = round;
            List<Run> runs = AtOnce.run(AT_ONCE, i -> MqttClients.mosquittoPub(mqtt.port(), devices.get(i).deviceId(),
                    devices.get(i).apiKey(), "pifleet/v1/readings",
                    "{\"id\":\"burst-" + thisRound + "-" + i + "\",\"sensors\":{\"t\":1}}", Duration.ofSeconds(60)));

            assertThat(runs).as("round %d", round).allMatch(Run::acknowledged);
            assertThat(devices).allSatisfy(device -> assertThat(TestFleet.storedReadings(parse, device)).isEqualTo(1));
        }
    }

    @Test
    @Order(2)
    void wrongKeysBelowTheLimitAmongRightOnesRefuseOnlyThemselves() {
        ParseUser owner = TestFleet.newUser(parse);
        int wrong = LIMIT - 1;
        List<TestDevice> devices = AtOnce.run(AT_ONCE, i -> TestFleet.newDevice(parse, owner));

        // From another loopback address, whose budget is its own: the last test spends 127.0.0.1's.
        List<Run> runs = AtOnce.run(AT_ONCE, i -> MqttClients.mosquittoPub(mqtt.port(), devices.get(i).deviceId(),
                i < wrong ? ApiKeys.generate() : devices.get(i).apiKey(), "pifleet/v1/readings",
                "{\"id\":\"mixed-" + i + "\",\"sensors\":{\"t\":1}}", Duration.ofSeconds(60),
                List.of("-q", "1", "-A", "127.0.0.2")));

        assertThat(runs.subList(0, wrong)).allMatch(run -> run.output().contains("not authori"));
        assertThat(runs.subList(wrong, AT_ONCE)).allMatch(Run::acknowledged);
    }

    @Test
    @Order(3)
    void wrongKeysSentAtOnceGetExactlyTheLimitOfLookupsAndTheRestAreThrottled() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        TestDevice connectedBefore = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        assertThat(MqttClients.mosquittoPub(mqtt.port(), connectedBefore.deviceId(), connectedBefore.apiKey(),
                "pifleet/v1/readings", "{\"id\":\"before\",\"sensors\":{\"t\":1}}", Duration.ofSeconds(60))
                .acknowledged()).isTrue();

        List<Run> runs = AtOnce.run(AT_ONCE, i -> MqttClients.mosquittoPub(mqtt.port(), device.deviceId(),
                ApiKeys.generate(), "pifleet/v1/readings", "{\"sensors\":{\"t\":1}}", Duration.ofSeconds(60)));

        assertThat(runs).noneMatch(Run::acknowledged);
        assertThat(runs.stream().filter(run -> run.output().contains("not authori"))).hasSize(LIMIT);
        assertThat(runs.stream().filter(run -> run.output().contains("unavailable"))).hasSize(AT_ONCE - LIMIT);
        // The address's budget is spent: a key the cache does not hold needs a lookup, refused until the window ends.
        Run rightKey = MqttClients.mosquittoPub(mqtt.port(), device.deviceId(), device.apiKey(), "pifleet/v1/readings",
                "{\"sensors\":{\"t\":1}}", Duration.ofSeconds(60));
        assertThat(rightKey.output()).contains("unavailable");
        assertThat(TestFleet.storedReadings(parse, device)).isZero();
        // A key the cache holds as valid costs no lookup and gets in.
        Run knownKey = MqttClients.mosquittoPub(mqtt.port(), connectedBefore.deviceId(), connectedBefore.apiKey(),
                "pifleet/v1/readings", "{\"id\":\"after\",\"sensors\":{\"t\":1}}", Duration.ofSeconds(60));
        assertThat(knownKey.acknowledged()).as(knownKey.output()).isTrue();
        assertThat(TestFleet.storedReadings(parse, connectedBefore)).isEqualTo(2);
    }
}
