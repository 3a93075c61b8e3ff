package dev.pifleet.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.agent.update.HealthRecord;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.device.release.UpdateOffer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * pifleet.agent.update.install=simulated (the local run): the offer in the desired document is downloaded and
 * checked for real (size, SHA-256, signature, the package's Version:), "installed" by reporting the new version,
 * healthy after the next heartbeat; a version matching simulated-unhealthy-versions is rolled back with the reason;
 * a tampered package is refused. All of it seen in the heartbeats the stub cloud receives.
 */
@QuarkusTest
@WithTestResource(FleetStubCloud.class)
@WithTestResource(ReleaseStub.class)
@TestProfile(SimulatedUpdateTest.Simulated.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatedUpdateTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    public static class Simulated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pifleet.agent.update.install", "simulated",
                    "pifleet.agent.version", "1.0.0",
                    "pifleet.agent.update.health-timeout", "4s",
                    "pifleet.agent.update.simulated-unhealthy-versions", ".*unhealthy.*");
        }
    }

    private static JsonNode heartbeatWith(String rolloutId, String state) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> FleetStubCloud.HEARTBEATS.isEmpty()
                ? null : FleetStubCloud.HEARTBEATS.getLast(), beat -> beat != null
                && rolloutId.equals(beat.path("update").path("rolloutId").asText())
                && state.equals(beat.path("update").path("state").asText()));
    }

    @Test
    @Order(1)
    void aHealthyVersionIsInstalledAndReportedRunning() throws Exception {
        UpdateOffer offer = ReleaseStub.release("r1", "2.0.0");
        FleetStubCloud.desire(new DesiredConfig(101, null, null, null, null, offer));
        JsonNode beat = heartbeatWith("r1", "succeeded");
        assertThat(beat.path("update").path("version").asText()).isEqualTo("2.0.0");
        assertThat(beat.path("agentVersion").asText()).isEqualTo("2.0.0");
        assertThat(HealthRecord.read(FleetStubCloud.STATE_DIR).orElseThrow().version()).isEqualTo("2.0.0");

        // The same offer in a newer document (another setting changed) is not installed again.
        String journal = Files.readString(FleetStubCloud.STATE_DIR.resolve("simulated-updater/update.json"));
        FleetStubCloud.desire(new DesiredConfig(102, 30, null, null, null, offer));
        await().atMost(WAIT).until(() -> FleetStubCloud.HEARTBEATS.getLast().path("config").path("version").asLong() == 102);
        Thread.sleep(1000);
        assertThat(Files.readString(FleetStubCloud.STATE_DIR.resolve("simulated-updater/update.json"))).isEqualTo(journal);
    }

    @Test
    @Order(2)
    void aVersionThatNeverBecomesHealthyIsRolledBackWithTheReason() throws Exception {
        UpdateOffer offer = ReleaseStub.release("r2", "3.0.0-unhealthy");
        FleetStubCloud.desire(new DesiredConfig(103, null, null, null, null, offer));
        JsonNode beat = heartbeatWith("r2", "rolled-back");
        assertThat(beat.path("update").path("reason").asText())
                .contains("did not record a successful heartbeat within 4 s").contains("reinstalled 2.0.0");
        assertThat(beat.path("agentVersion").asText()).isEqualTo("2.0.0");
    }

    @Test
    @Order(3)
    void aTamperedPackageIsRefusedAndNothingChanges() throws Exception {
        UpdateOffer good = ReleaseStub.release("r3", "4.0.0");
        UpdateOffer tampered = new UpdateOffer("r3", "4.0.0", good.url(), "0".repeat(64), good.size(), good.signature(),
                false);
        FleetStubCloud.desire(new DesiredConfig(104, null, null, null, null, tampered));
        JsonNode beat = heartbeatWith("r3", "failed");
        assertThat(beat.path("update").path("reason").asText()).contains("SHA-256");
        assertThat(beat.path("agentVersion").asText()).isEqualTo("2.0.0");
    }
}
