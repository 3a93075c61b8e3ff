package dev.pifleet.agent.sender;

import dev.pifleet.agent.cloud.Backoff;
import dev.pifleet.agent.cloud.Attempt;
import dev.pifleet.agent.cloud.CloudClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.agent.pairing.Credentials;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.pairing.PairingMethod;
import dev.pifleet.agent.sender.StubIngest.Answer;
import dev.pifleet.device.ApiKeys;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uploader's decisions, step by step: each uploadOnce() says how long it would wait, so nothing here sleeps. */
class UploaderTest {

    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration INITIAL = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;
    private StubIngest ingest;
    private ReadingBuffer buffer;
    private CredentialsStore credentials;
    private final String key = ApiKeys.generate();

    @BeforeEach
    void setUp() throws Exception {
        ingest = new StubIngest();
        buffer = ReadingBuffer.open(stateDir.resolve("r.db"), 1000);
        credentials = new CredentialsStore(stateDir);
        credentials.save(new Credentials(key, "Pi", Instant.now(), PairingMethod.CODE));
    }

    @AfterEach
    void tearDown() {
        ingest.close();
        buffer.close();
    }

    private Uploader uploader(URI cloud, int batchSize) {
        return new Uploader(buffer, new CloudClient(cloud), credentials, batchSize, IDLE,
                new Backoff(INITIAL, MAX, new Random(42)));
    }

    private List<Reading> buffered(int count) {
        List<Reading> readings = IntStream.range(0, count).mapToObj(ReadingBufferTest::reading).toList();
        readings.forEach(buffer::add);
        return readings;
    }

    @Test
    void batchesAreSentWithTheDeviceKeyAndRemovedOnlyAfterThe200() {
        List<Reading> readings = buffered(5);
        Uploader uploader = uploader(ingest.url(), 3);

        Uploader.Pause first = uploader.uploadOnce();

        assertThat(first.duration()).isZero();
        assertThat(buffer.oldest(10)).containsExactlyElementsOf(readings.subList(3, 5));
        assertThat(ingest.requests().getFirst().authorization()).isEqualTo("Device " + key);
        assertThat(ingest.requests().getFirst().body().path("readings").get(0).path("id").asText())
                .isEqualTo(readings.get(0).id());

        Uploader.Pause second = uploader.uploadOnce();

        assertThat(buffer.size()).isZero();
        assertThat(second).isEqualTo(new Uploader.Pause(IDLE, true));
        assertThat(uploader.uploadsOk()).as("the counter behind the uploads metric").isEqualTo(2);
        assertThat(uploader.uploadsFailed()).isZero();
    }

    @Test
    void retryAfterFromA429IsHonouredAndNothingIsRemoved() {
        buffered(2);
        ingest.then(new Answer(429, "17", "{\"success\":false,\"error\":\"rate_limited\"}"));

        Uploader.Pause pause = uploader(ingest.url(), 100).uploadOnce();

        assertThat(pause).isEqualTo(new Uploader.Pause(Duration.ofSeconds(17), false));
        assertThat(buffer.size()).isEqualTo(2);
    }

    @Test
    void aHugeRetryAfterIsCappedAtTheMaxBackoff() {
        buffered(1);
        ingest.then(new Answer(503, "9999999", "{\"success\":false,\"error\":\"backend_unavailable\"}"));

        Uploader.Pause pause = uploader(ingest.url(), 100).uploadOnce();

        assertThat(pause).isEqualTo(new Uploader.Pause(MAX, false));
        assertThat(buffer.size()).isEqualTo(1);
    }

    @Test
    void serverErrorsBackOffExponentiallyWithJitterUpToTheCapThenReset() {
        buffered(1);
        Uploader uploader = uploader(ingest.url(), 100);
        for (int failure = 0; failure < 8; failure++) {
            ingest.then(Answer.status(503));
            long ceiling = Math.min(MAX.toMillis(), INITIAL.toMillis() << failure);

            Duration wait = uploader.uploadOnce().duration();

            assertThat(wait.toMillis()).as("wait after failure %d", failure + 1).isBetween(ceiling / 2, ceiling);
        }
        assertThat(buffer.size()).isEqualTo(1);

        assertThat(uploader.uploadOnce().duration()).as("the 200").isEqualTo(IDLE);
        buffered(1);
        ingest.then(Answer.status(500));
        assertThat(uploader.uploadOnce().duration().toMillis()).as("first failure after a success")
                .isBetween(INITIAL.toMillis() / 2, INITIAL.toMillis());
    }

    @Test
    void networkErrorsBackOffAndKeepTheReadings() throws Exception {
        buffered(3);
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        Uploader uploader = uploader(closedPort, 100);

        Uploader.Pause pause = uploader.uploadOnce();

        assertThat(pause.untilNewWork()).isFalse();
        assertThat(pause.duration().toMillis()).isBetween(500L, 1000L);
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(uploader.lastAttempt()).get().extracting(Attempt::result).asString().startsWith("network error");
        assertThat(uploader.uploadsFailed()).isEqualTo(1);
        assertThat(uploader.keyRefused()).isZero();
    }

    @Test
    void a401StopsUploadingKeepsBufferingAndAsksForRePairing() {
        buffered(2);
        ingest.then(Answer.status(401));
        Uploader uploader = uploader(ingest.url(), 100);

        uploader.uploadOnce();
        buffered(1);
        Uploader.Pause afterwards = uploader.uploadOnce();

        assertThat(ingest.requests()).hasSize(1);
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(credentials.rePairingNeeded()).isTrue();
        assertThat(credentials.claimNeeded()).as("a refused key puts the agent in claim mode").isTrue();
        assertThat(afterwards).isEqualTo(new Uploader.Pause(IDLE, true));
        assertThat(uploader.keyRefused()).as("the counter behind the 401 metric").isEqualTo(1);
        assertThat(uploader.uploadsFailed()).isEqualTo(1);

        credentials.save(new Credentials(ApiKeys.generate(), "Pi", Instant.now(), PairingMethod.CODE));
        uploader.uploadOnce();

        assertThat(buffer.size()).isZero();
        assertThat(credentials.rePairingNeeded()).isFalse();
    }

    @Test
    void aBatchRefusedAsInvalidIsRetriedOneByOneAndOnlyTheBadReadingIsDropped() {
        List<Reading> readings = buffered(3);
        ingest.then(Answer.status(400))          // the batch of three
                .then(Answer.ok(1))               // reading 0
                .then(Answer.status(400))         // reading 1: can never be accepted
                .then(Answer.ok(1));              // reading 2

        uploader(ingest.url(), 100).uploadOnce();

        assertThat(ingest.requests()).extracting(StubIngest.Request::readings).containsExactly(3, 1, 1, 1);
        assertThat(ingest.requests().get(2).body().path("readings").get(0).path("id").asText())
                .isEqualTo(readings.get(1).id());
        assertThat(buffer.size()).isZero();
        assertThat(buffer.rejected()).isEqualTo(1);
    }

    @Test
    void withoutAKeyNothingIsSent(@TempDir Path emptyState) {
        buffered(1);
        Uploader uploader = new Uploader(buffer, new CloudClient(ingest.url()), new CredentialsStore(emptyState), 100,
                IDLE, new Backoff(INITIAL, MAX, new Random(1)));

        assertThat(uploader.uploadOnce()).isEqualTo(new Uploader.Pause(IDLE, true));
        assertThat(ingest.requests()).isEmpty();
    }
}
