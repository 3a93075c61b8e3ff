package dev.pifleet.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.StubHttp;
import dev.pifleet.agent.update.HealthRecord;
import dev.pifleet.agent.update.UpdateJournal;
import dev.pifleet.agent.update.UpdateRequest;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.device.release.UpdateOffer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of the hand-off to the root updater (pifleet.agent.update.install=dpkg, the default): an offer
 * becomes request.json (mode 0600, whole); the updater's journal is what the heartbeat reports; an offer the updater
 * has already finished is not requested again; each heartbeat answered 200 records the agent's health.
 */
@QuarkusTest
@WithTestResource(FleetStubCloud.class)
class UpdateHandOffTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path UPDATER = Path.of("target/test-state/updater");
    private static final Path REQUESTS = UPDATER.resolve("request");

    @Test
    void anOfferBecomesOneRequestAndTheJournalIsReported() throws Exception {
        StubHttp.deleteTree(UPDATER);
        UpdateOffer offer = new UpdateOffer("rA", "2.0.0", "https://downloads.example/pifleet-agent_2.0.0_all.deb",
                "a".repeat(64), 1234, "A".repeat(86) + "==", false);
        FleetStubCloud.desire(new DesiredConfig(201, null, null, null, null, offer));

        Path request = REQUESTS.resolve(UpdateRequest.FILE_NAME);
        await().atMost(WAIT).until(() -> Files.exists(request));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(request))).isEqualTo("rw-------");
        assertThat(AgentJson.MAPPER.readValue(request.toFile(), UpdateOffer.class)).isEqualTo(offer);
        try (var files = Files.list(REQUESTS)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(UpdateRequest.FILE_NAME);
        }

        // What the root updater does: takes the request, and its journal ends rolled back.
        assertThat(UpdateRequest.take(REQUESTS)).contains(offer);
        new UpdateJournal(UPDATER).write(new UpdateJournal.Entry(offer, "1.0.0", UpdateJournal.ROLLED_BACK,
                "the new agent 2.0.0 did not record a successful heartbeat within 120 s; reinstalled 1.0.0",
                Instant.now(), Instant.now()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(UPDATER.resolve(UpdateJournal.FILE_NAME))))
                .as("the unprivileged agent reads the root updater's journal").isEqualTo("rw-r--r--");

        FleetStubCloud.desire(new DesiredConfig(202, 30, null, null, null, offer));
        JsonNode beat = await().atMost(WAIT).until(() -> FleetStubCloud.HEARTBEATS.getLast(),
                last -> last.path("config").path("version").asLong() == 202
                        && "rolled-back".equals(last.path("update").path("state").asText()));
        assertThat(beat.path("update").path("rolloutId").asText()).isEqualTo("rA");
        assertThat(beat.path("update").path("version").asText()).isEqualTo("2.0.0");
        assertThat(beat.path("update").path("reason").asText()).contains("reinstalled 1.0.0");
        assertThat(request).as("a finished offer is not requested again").doesNotExist();

        HealthRecord health = HealthRecord.read(FleetStubCloud.STATE_DIR).orElseThrow();
        assertThat(health.version()).isEqualTo(beat.path("agentVersion").asText());
        assertThat(health.heartbeatAt()).isAfter(Instant.now().minusSeconds(60));
    }
}
