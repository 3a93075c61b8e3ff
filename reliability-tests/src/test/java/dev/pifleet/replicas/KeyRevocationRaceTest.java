package dev.pifleet.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.replicas.JsonCalls.Result;
import dev.pifleet.testing.ParseServerTestResource;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rotate-key and unpair racing the ingest's writes: 8 senders write with a device's key while its owner rotates it
 * (twice) and then unpairs the device. A write may still be accepted while the ingest's key cache holds the old key,
 * but none that started after the cache's bound ({@code pifleet.ingest.key-cache.ttl}, 5 s) past the revocation's
 * answer; and every answer is a 200 or a 401.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class KeyRevocationRaceTest {

    private static final int SENDERS = 8;
    /** The ingest's key-cache TTL (its application.properties). */
    private static final Duration CACHE_BOUND = Duration.ofSeconds(5);
    /**
     * How long a sender may keep posting. A time, not a count of posts: refusals of a revoked key are answered from
     * memory so fast that 5,000 posts per sender were spent inside the 5 s bound, leaving no post after it to check.
     */
    private static final Duration SENDING_LIMIT = Duration.ofMinutes(3);

    record Answer(long startedNanos, int status, String body) {
    }

    @Test
    void noWriteIsAcceptedWithARevokedKeyAfterTheCacheBound() throws Exception {
        String registry = SharedServices.deviceRegistry().url();
        String session = call(SharedServices.authGateway().url(), "POST", "/api/auth/signup", null,
                Map.of("email", "revoke-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"))
                .body().path("sessionToken").asText();
        String deviceId = "revoke-" + UUID.randomUUID();
        String key = call(registry, "POST", "/api/device/register", "x-session-token " + session, Map.of("deviceId", deviceId))
                .body().path("apiKey").asText();

        for (String revocation : List.of("rotate", "rotate", "unpair")) {
            String revokedKey = key;
            ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
            CountDownLatch flowing = new CountDownLatch(SENDERS);
            AtomicLong bound = new AtomicLong(Long.MAX_VALUE);
            CountDownLatch refusedAfterBound = new CountDownLatch(SENDERS);
            List<Future<?>> senders = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    senders.add(pool.submit(() -> {
                        boolean counted = false;
                        long stopAt = System.nanoTime() + SENDING_LIMIT.toNanos();
                        while (refusedAfterBound.getCount() > 0 && System.nanoTime() < stopAt) {
                            long started = System.nanoTime();
                            Result result = post(revokedKey, deviceId + "-" + UUID.randomUUID());
                            answers.add(new Answer(started, result.status(), result.text()));
                            if (result.status() == 200) {
                                flowing.countDown();
                            } else if (!counted && result.status() == 401 && started > bound.get()) {
                                counted = true;
                                refusedAfterBound.countDown();
                            }
                        }
                        return sender;
                    }));
                }
                // Revoke while the writes are in full flow.
                assertThat(flowing.await(60, TimeUnit.SECONDS)).as("writes accepted before the %s", revocation).isTrue();
                if (revocation.equals("rotate")) {
                    key = call(registry, "POST", "/api/devices/" + deviceId + "/rotate-key", "x-session-token " + session, null)
                            .body().path("apiKey").asText();
                } else {
                    call(registry, "DELETE", "/api/devices/" + deviceId, "x-session-token " + session, null);
                }
                bound.set(System.nanoTime() + CACHE_BOUND.toNanos());
                boolean allRefused = refusedAfterBound.await(90, TimeUnit.SECONDS);
                assertThat(allRefused).as(() -> "every sender refused after the bound (" + revocation + "); answers: "
                        + tally(answers, Long.MIN_VALUE) + "; after the bound: " + tally(answers, bound.get())).isTrue();
                for (Future<?> sender : senders) {
                    sender.get(30, TimeUnit.SECONDS);
                }
            }
            long limit = bound.get();
            assertThat(answers).as("answers other than 200 or 401 (%s)", revocation)
                    .allSatisfy(answer -> assertThat(answer.status()).isIn(200, 401));
            assertThat(answers).as("writes accepted with the revoked key after the cache bound (%s)", revocation)
                    .noneMatch(answer -> answer.status() == 200 && answer.startedNanos() > limit);
        }
    }

    /** Answers started after {@code fromNanos}, counted by status and the start of their body (a failure's story). */
    private static Map<String, Long> tally(Collection<Answer> answers, long fromNanos) {
        return answers.stream().filter(answer -> answer.startedNanos() > fromNanos).collect(Collectors.groupingBy(
                answer -> answer.status() + " " + answer.body().substring(0, Math.min(100, answer.body().length())),
                Collectors.counting()));
    }

    private static Result post(String key, String readingId) {
        return JsonCalls.send(SharedServices.telemetryIngest().url(), "POST", "/api/device/data", "Authorization Device " + key,
                Map.of("id", readingId, "timestamp", Instant.now().toString(), "sensors", Map.of("t", 1)));
    }

    private static Result call(String base, String method, String path, String header, Object body) {
        return JsonCalls.succeed(base, method, path, header, body);
    }
}
