package dev.pifleet.agent.cloud;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pifleet.agent.fleet.AgentRestart;
import dev.pifleet.agent.fleet.CommandJournal;
import dev.pifleet.testing.SharedServices;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet control end to end: the built agent as a real process (it is stopped, SIGKILLed and restarts itself),
 * the real device-registry and telemetry-ingest jars, a real Parse Server on a fresh database. Each test arranges its
 * own owner and Pi. Runs in failsafe, after {@code package} has built the agent's jar.
 */
class FleetControlIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    private AgentProcess agent;

    @AfterEach
    void stopTheAgent() {
        if (agent != null) {
            agent.stop();
        }
    }

    @Test
    void aConfigChangeReachesTheRunningAgentWhichThenReadsAtTheNewInterval() {
        Owner owner = Owner.signUp();
        agent = pairedPi(owner, Map.of());
        String deviceId = agent.deviceId();
        await().atMost(Duration.ofSeconds(60)).until(() -> owner.readingIds(deviceId).size() >= 3);

        long version = owner.changeConfig(deviceId, Map.of("readingIntervalSeconds", 5));

        JsonPath config = awaitConfigState(owner, deviceId, "applied");
        assertThat(config.getLong("reported.version")).isEqualTo(version);
        Instant appliedAt = Instant.parse(config.getString("reported.appliedAt"));
        List<Instant> after = await().atMost(Duration.ofSeconds(60))
                .until(() -> owner.readingTimesAfter(deviceId, appliedAt), times -> times.size() >= 4);
        // Read every second before (agent.properties), every 5 s since (the cloud's value).
        assertThat(gaps(after)).allSatisfy(gap -> assertThat(gap).isBetween(Duration.ofMillis(4500), Duration.ofSeconds(10)));
    }

    @Test
    void aConfigNamingASensorThisPiLacksIsRejectedWithTheReason() {
        Owner owner = Owner.signUp();
        agent = pairedPi(owner, Map.of());

        long version = owner.changeConfig(agent.deviceId(), Map.of("sensors", List.of("bme280"), "readingIntervalSeconds", 5));

        JsonPath config = awaitConfigState(owner, agent.deviceId(), "rejected");
        assertThat(config.getLong("reported.version")).isEqualTo(version);
        assertThat(config.getString("reported.error")).contains("bme280");
        assertThat(config.getString("reported.appliedAt")).isNull();
    }

    @Test
    void theAgentKeepsTheAppliedConfigAcrossARestart() {
        Owner owner = Owner.signUp();
        agent = pairedPi(owner, Map.of());
        String deviceId = agent.deviceId();
        long version = owner.changeConfig(deviceId, Map.of("readingIntervalSeconds", 5));
        awaitConfigState(owner, deviceId, "applied");

        agent.stop();
        Instant restarted = Instant.now();
        agent.start();

        List<Instant> after = await().atMost(Duration.ofSeconds(60))
                .until(() -> owner.readingTimesAfter(deviceId, restarted), times -> times.size() >= 3);
        assertThat(gaps(after)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(4500)));
        JsonPath config = owner.config(deviceId);
        assertThat(config.getString("state")).isEqualTo("applied");
        assertThat(config.getLong("reported.version")).isEqualTo(version);
    }

    @Test
    void aPiPairedAgainAfterItsDeviceWasRemovedTakesTheNewRecordsSettingsThoughTheirVersionIsTheSame() {
        Owner first = Owner.signUp();
        agent = AgentProcess.newPi(stateDir).start();
        first.claimByCode(agent);
        String deviceId = agent.deviceId();
        long oldVersion = first.changeConfig(deviceId, Map.of("readingIntervalSeconds", 5));
        awaitConfigState(first, deviceId, "applied");

        first.unpair(deviceId);
        Owner second = Owner.signUp();
        second.claimByCode(agent);
        // A new Device record: its settings' versions start again, so the new document has the old one's number.
        long newVersion = second.changeConfig(deviceId, Map.of("readingIntervalSeconds", 12));
        assertThat(newVersion).isEqualTo(oldVersion);

        JsonPath config = awaitConfigState(second, deviceId, "applied");
        Instant appliedAt = Instant.parse(config.getString("reported.appliedAt"));
        List<Instant> after = await().atMost(Duration.ofSeconds(90))
                .until(() -> second.readingTimesAfter(deviceId, appliedAt), times -> times.size() >= 3);
        assertThat(gaps(after)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(11)));
    }

    @Test
    void readSensorsAnswersWithTheValuesReadNow() {
        Owner owner = Owner.signUp();
        agent = pairedPi(owner, Map.of());

        String id = owner.queue(agent.deviceId(), "read-sensors");

        JsonPath command = owner.finished(agent.deviceId(), id, DELIVERY);
        assertThat(command.getString("command.state")).isEqualTo("succeeded");
        Map<String, Object> values = command.getMap("command.result.values");
        assertThat(values).containsKeys("temperature", "humidity", "pressure", "cpu_temperature", "soil_moisture");
        assertThat(command.getString("command.sentAt")).isNotNull();
        assertThat(command.getString("command.finishedAt")).isNotNull();
    }

    @Test
    void uploadNowEmptiesTheBacklog() {
        Owner owner = Owner.signUp();
        // One reading per upload, so the agent's own uploads leave a backlog for a while.
        agent = AgentProcess.newPi(stateDir, Map.of("pifleet.agent.upload.batch-size", "1"));
        agent.giveKey(owner.claimByDeviceId(agent.deviceId()));
        List<String> backlog = agent.buffer(600);
        agent.start();

        String id = owner.queue(agent.deviceId(), "upload-now");

        JsonPath command = owner.finished(agent.deviceId(), id, Duration.ofSeconds(120));
        assertThat(command.getString("command.state")).isEqualTo("succeeded");
        assertThat(command.getInt("command.result.backlog")).isZero();
        assertThat(command.getInt("command.result.uploaded")).isPositive();
        assertThat(owner.readingIds(agent.deviceId())).containsAll(backlog);
    }

    @Test
    void aCommandQueuedWhileTheAgentIsStoppedIsDeliveredWhenItStartsAndRunsOnceThoughKilledMidRun() {
        Owner owner = Owner.signUp();
        agent = AgentProcess.newPi(stateDir, Map.of("pifleet.agent.upload.batch-size", "1"));
        agent.giveKey(owner.claimByDeviceId(agent.deviceId()));
        // A long upload-now (thousands of one-reading uploads), so the kill lands while it runs.
        agent.buffer(3000);
        String id = owner.queue(agent.deviceId(), "upload-now");
        assertThat(owner.command(agent.deviceId(), id).getString("command.state")).isEqualTo("queued");

        agent.start();
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(20)).until(() -> agent.journalState(id) != null);
        agent.kill();
        assertThat(agent.journalState(id)).isEqualTo(CommandJournal.RUNNING);
        assertThat(owner.command(agent.deviceId(), id).getString("command.state")).isEqualTo("sent");
        int firstRun = agent.log().length();
        agent.start();

        JsonPath command = owner.finished(agent.deviceId(), id, DELIVERY);
        assertThat(command.getString("command.state")).isEqualTo("failed");
        assertThat(command.getString("command.error")).isEqualTo(CommandJournal.INTERRUPTED);
        String secondRun = agent.log().substring(firstRun);
        assertThat(AgentProcess.timesRun(secondRun, id)).as("runs after the restart").isZero();
        assertThat(secondRun).contains("command " + id + " (upload-now) was cut short by a restart");
    }

    @Test
    void restartAgentExitsForItsLauncherAndSucceedsWhenStartedAgain() {
        Owner owner = Owner.signUp();
        agent = pairedPi(owner, Map.of());

        String id = owner.queue(agent.deviceId(), "restart-agent");

        assertThat(agent.awaitExit(DELIVERY)).isEqualTo(AgentRestart.EXIT_CODE);
        // What systemd (RestartForceExitStatus=75) and scripts/lib/restart-on-75 do.
        agent.start();
        JsonPath command = owner.finished(agent.deviceId(), id, DELIVERY);
        assertThat(command.getString("command.state")).isEqualTo("succeeded");
        assertThat(command.getString("command.result.restartedAt")).isNotNull();
        assertThat(AgentProcess.timesRun(agent.log(), id)).isEqualTo(1);
    }

    @Test
    void aCommandWhoseTimeToLivePassesWhileTheAgentIsStoppedIsNeverDelivered() {
        Owner owner = Owner.signUp();
        agent = AgentProcess.newPi(stateDir);
        agent.giveKey(owner.claimByDeviceId(agent.deviceId()));
        JsonPath queued = owner.queueWithTtl(agent.deviceId(), "read-sensors", 1);
        String expiring = queued.getString("command.id");
        Instant expiresAt = Instant.parse(queued.getString("command.expiresAt"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt));

        agent.start();
        // A later command has run: the agent has polled since it started, and the expired one was not in the answer.
        String later = owner.queue(agent.deviceId(), "read-sensors");
        assertThat(owner.finished(agent.deviceId(), later, DELIVERY).getString("command.state")).isEqualTo("succeeded");

        JsonPath expired = owner.command(agent.deviceId(), expiring);
        assertThat(expired.getString("command.state")).isEqualTo("expired");
        assertThat(expired.getString("command.sentAt")).isNull();
        assertThat(agent.journalState(expiring)).isNull();
        assertThat(AgentProcess.timesRun(agent.log(), expiring)).isZero();
    }

    @Test
    void rotateKeyRetiresTheOldKeyAndTheAgentStreamsWithTheNewOne() {
        Owner owner = Owner.signUp();
        agent = AgentProcess.newPi(stateDir).start();
        owner.claimByCode(agent);
        String deviceId = agent.deviceId();
        String oldKey = agent.key();

        String id = owner.queue(deviceId, "rotate-key");
        JsonPath command = owner.finished(deviceId, id, DELIVERY);
        assertThat(command.getString("command.state")).as(command.prettify()).isEqualTo("succeeded");
        Instant rotatedAt = Instant.parse(command.getString("command.result.rotatedAt"));

        assertThat(agent.key()).isNotEqualTo(oldKey);
        // The ingest keeps a resolved key for pifleet.ingest.key-cache.ttl (5 s): the old key stops within that.
        await().atMost(Duration.ofSeconds(30)).until(() -> heartbeatStatus(oldKey) == 401);
        assertThat(heartbeatStatus(agent.key())).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> owner.readingTimesAfter(deviceId, rotatedAt.plusSeconds(1)), times -> times.size() >= 3);
        assertThat(owner.device(deviceId).getString("device.status")).isEqualTo("online");
    }

    @Test
    void unpairMakesTheAgentShowAClaimCodeAgainWhichPairsItAnew() {
        Owner owner = Owner.signUp();
        agent = AgentProcess.newPi(stateDir).start();
        owner.claimByCode(agent);
        String firstKey = agent.key();
        assertThat(agent.claimCode()).isNull();

        String id = owner.queue(agent.deviceId(), "unpair");

        assertThat(owner.finished(agent.deviceId(), id, DELIVERY).getString("command.state")).isEqualTo("succeeded");
        await().atMost(Duration.ofSeconds(60)).until(agent::claimCode, shown -> shown != null);
        // The code it shows pairs it again, with a new key, and readings flow again.
        owner.claimByCode(agent);
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.claimCode() == null);
        Instant repaired = Instant.now();
        assertThat(agent.key()).isNotEqualTo(firstKey);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> owner.readingTimesAfter(agent.deviceId(), repaired), times -> times.size() >= 2);
    }

    /**
     * Not a test of speed (nothing here is timed against a limit): it prints how long a command and a config change
     * take on this machine with the agent long-polling, for docs/fleet.md. The polls read the API every 50 ms.
     */
    @Test
    void measuresHowSoonResultsAndAppliedConfigsShowInTheApi() {
        Owner owner = Owner.signUp();
        agent = pairedPi(owner, Map.of());
        String deviceId = agent.deviceId();
        // Warm-up: the agent has started and holds its long-poll.
        owner.finished(deviceId, owner.queue(deviceId, "read-sensors"), DELIVERY);
        List<Long> commandMillis = new ArrayList<>();
        List<Long> configMillis = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            String id = owner.queue(deviceId, "read-sensors");
            await().atMost(DELIVERY).pollInterval(Duration.ofMillis(50))
                    .until(() -> owner.command(deviceId, id).getString("command.state"), "succeeded"::equals);
            commandMillis.add((System.nanoTime() - start) / 1_000_000);

            start = System.nanoTime();
            long version = owner.changeConfig(deviceId, Map.of("readingIntervalSeconds", 10 + round));
            await().atMost(DELIVERY).pollInterval(Duration.ofMillis(50)).until(() -> owner.config(deviceId),
                    config -> "applied".equals(config.getString("state")) && config.getLong("reported.version") == version);
            configMillis.add((System.nanoTime() - start) / 1_000_000);
        }
        System.out.println("FLEET-LATENCY read-sensors queued -> result visible (ms): " + commandMillis);
        System.out.println("FLEET-LATENCY config PATCH -> applied (ms): " + configMillis);
    }

    /** A Pi paired the seed's way (its key handed over before it starts), running. */
    private AgentProcess pairedPi(Owner owner, Map<String, String> settings) {
        AgentProcess pi = AgentProcess.newPi(stateDir, settings);
        pi.giveKey(owner.claimByDeviceId(pi.deviceId()));
        return pi.start();
    }

    private static JsonPath awaitConfigState(Owner owner, String deviceId, String state) {
        return await().atMost(DELIVERY).pollInterval(Duration.ofMillis(200))
                .until(() -> owner.config(deviceId), config -> state.equals(config.getString("state")));
    }

    private static int heartbeatStatus(String key) {
        return given().baseUri(SharedServices.telemetryIngest().url()).header("Authorization", "Device " + key)
                .contentType(ContentType.JSON).body("{}").post("/api/device/heartbeat").then().extract().statusCode();
    }

    private static List<Duration> gaps(List<Instant> times) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)));
        }
        return gaps;
    }
}
