package dev.pifleet.agent.cloud;

import static io.restassured.RestAssured.given;

import dev.pifleet.agent.fleet.CommandJournal;
import dev.pifleet.agent.pairing.Credentials;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.pairing.PairingMethod;
import dev.pifleet.agent.sender.Reading;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A new Pi: the built agent ({@code edge/pi-agent/target/quarkus-app/quarkus-run.jar}) as its own process, with its
 * own state folder and device ID, talking to the shared real registry and ingest. It can be stopped, SIGKILLed and
 * started again on the same state folder and port (its log file then holds every run, one after the other).
 */
final class AgentProcess {

    private final Path stateDir;
    private final String deviceId;
    private final QuarkusAppProcess app;

    private AgentProcess(Path stateDir, String deviceId, QuarkusAppProcess app) {
        this.stateDir = stateDir;
        this.deviceId = deviceId;
        this.app = app;
    }

    /**
     * A Pi with the simulated sensor reading every second (agent.properties' defaults the cloud may override);
     * {@code settings} adds or replaces {@code pifleet.agent.*} settings.
     */
    static AgentProcess newPi(Path stateDir, Map<String, String> settings) {
        String deviceId = NewPi.stateDir(stateDir);
        Map<String, String> config = new HashMap<>();
        config.put("pifleet.agent.cloud-url", SharedServices.telemetryIngest().url());
        config.put("pifleet.agent.registry-url", SharedServices.deviceRegistry().url());
        config.put("pifleet.agent.state-dir", stateDir.toString());
        config.put("pifleet.agent.sensors", "simulated");
        config.put("pifleet.agent.reading-interval", "1s");
        config.put("pifleet.agent.heartbeat-interval", "60s");
        config.put("pifleet.agent.pairing.poll-interval", "1s");
        config.put("pifleet.agent.upload.idle-interval", "1s");
        config.putAll(settings);
        return new AgentProcess(stateDir, deviceId, new QuarkusAppProcess("edge/pi-agent", config));
    }

    static AgentProcess newPi(Path stateDir) {
        return newPi(stateDir, Map.of());
    }

    String deviceId() {
        return deviceId;
    }

    Path stateDir() {
        return stateDir;
    }

    String url() {
        return app.url();
    }

    AgentProcess start() {
        app.start();
        return this;
    }

    void stop() {
        app.stop();
    }

    void kill() {
        app.kill();
    }

    int awaitExit(Duration timeout) {
        return app.awaitExit(timeout);
    }

    /** Pairs the Pi the seed's way before it starts: the key claimed for its deviceId is in its credentials file. */
    void giveKey(String apiKey) {
        new CredentialsStore(stateDir).save(new Credentials(apiKey, "Pi", Instant.now(), PairingMethod.LEGACY));
    }

    /** The key the agent holds now (from its own credentials file). */
    String key() {
        return new CredentialsStore(stateDir).current().map(Credentials::apiKey)
                .orElseThrow(() -> new AssertionError("the agent holds no key"));
    }

    /** Readings waiting in the agent's buffer, as if it had been offline; the agent must be stopped. */
    List<String> buffer(int count) {
        List<String> ids = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(count + 60L);
        try (ReadingBuffer buffer = ReadingBuffer.open(stateDir.resolve(ReadingBuffer.FILE_NAME), 100_000)) {
            for (int n = 0; n < count; n++) {
                Reading reading = Reading.of(start.plusSeconds(n), Map.of("temperature", 20 + n / 1000.0));
                buffer.add(reading);
                ids.add(reading.id());
            }
        }
        return ids;
    }

    /** The claim code the agent shows on its local page, null while it has none. */
    String claimCode() {
        return given().baseUri(url()).get("/device-id").then().statusCode(200).extract().path("claimCode");
    }

    /** The command's entry in the agent's on-disk journal: its state there, null when not recorded. */
    String journalState(String commandId) {
        Path file = stateDir.resolve(CommandJournal.FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        return new CommandJournal(stateDir).get(commandId).map(CommandJournal.Entry::state).orElse(null);
    }

    /** Everything the agent has logged, all runs. */
    String log() {
        try {
            return Files.readString(app.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times the agent started running the command (its log says so once per run of a command). */
    static long timesRun(String log, String commandId) {
        return Pattern.compile("running command " + Pattern.quote(commandId) + " ").matcher(log).results().count();
    }
}
