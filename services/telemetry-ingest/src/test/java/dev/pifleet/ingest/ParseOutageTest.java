package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.pifleet.testing.SensorLogRows;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.ParseUser;
import dev.pifleet.testing.ParseServerProcess;
import dev.pifleet.testing.ParseServerTestResource;
import dev.pifleet.testing.ParseStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class ParseOutageTest {

    private static final int SENDERS = 4;
    /** Bounds each sender; with the pause after a 503 it lasts well past any outage the test causes. */
    private static final int MAX_POSTS_PER_SENDER = 4000;
    private static final long PAUSE_AFTER_REFUSAL_MILLIS = 50;

    @Inject
    ParseClient parse;

    @Test
    void whileParseIsDownReadingsAreRefusedWith503AndNoAcknowledgedReadingIsLost() throws Exception {
        ParseUser owner = TestFleet.newUser(parse);
        List<TestDevice> devices = IntStream.range(0, SENDERS).mapToObj(i -> TestFleet.newDevice(parse, owner)).toList();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> retryAfters = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger acknowledgedAfterRestart = new AtomicInteger();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicBoolean sending = new AtomicBoolean(true);
        ParseServerProcess parseServer = ParseStack.shared().parseServer();

        Set<String> otherAnswers = ConcurrentHashMap.newKeySet();
        List<Future<?>> senders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            for (TestDevice device : devices) {
                senders.add(pool.submit(() -> {
                    for (int i = 0; i < MAX_POSTS_PER_SENDER && sending.get(); i++) {
                        String id = device.deviceId() + "-" + i;
                        Response answer = given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                                .body(Map.of("id", id, "sensors", Map.of("t", i), "timestamp", Instant.now().toString()))
                                .when().post("/api/device/data");
                        if (answer.statusCode() == 200) {
                            acknowledged.add(id);
                            if (restarted.get()) {
                                acknowledgedAfterRestart.incrementAndGet();
                            }
                        } else if (answer.statusCode() == 503) {
                            refused.incrementAndGet();
                            retryAfters.add(String.valueOf(answer.header("Retry-After")));
                            // A device waits before it retries; without a pause the senders' budget would be
                            // spent while Parse is still down, and nothing would be sent after it returns.
                            Thread.sleep(PAUSE_AFTER_REFUSAL_MILLIS);
                        } else {
                            otherAnswers.add(answer.statusCode() + " " + answer.body().asString());
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 20);
            try {
                parseServer.stop();
                await().atMost(Duration.ofSeconds(60)).until(() -> refused.get() >= 5);
            } finally {
                parseServer.start();
                restarted.set(true);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedAfterRestart.get() >= 20);
        } finally {
            sending.set(false);
            pool.shutdown();
            pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        }

        // Every sender ran to its end (an exception in one fails here), and every answer was a 200 or a 503.
        for (Future<?> sender : senders) {
            sender.get(1, TimeUnit.SECONDS);
        }
        assertThat(otherAnswers).as("answers other than 200 and 503").isEmpty();

        assertThat(retryAfters).isNotEmpty().allSatisfy(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        Set<String> stored = new HashSet<>();
        for (TestDevice device : devices) {
            parse.find(ParseAuth.master(), ParseQuery.of(SensorLogRows.NAME).equalTo(SensorLogRows.DEVICE, device.pointer())
                            .keys(SensorLogRows.READING_ID).limit(1000))
                    .forEach(row -> stored.add(row.getString(SensorLogRows.READING_ID)));
        }
        assertThat(stored).containsAll(acknowledged);
    }

    @Test
    void aKeyThatCannotBeLookedUpWhileParseIsDownIs503NotUnauthorizedAndWorksOnceParseIsBack() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        ParseServerProcess parseServer = ParseStack.shared().parseServer();
        Map<String, Object> reading = Map.of("sensors", Map.of("t", 1), "timestamp", Instant.now().toString());
        parseServer.stop();
        try {
            for (String path : List.of("/api/device/data", "/api/device/heartbeat")) {
                given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body(reading)
                        .when().post(path)
                        .then().statusCode(503).header("Retry-After", notNullValue())
                        .body("error", equalTo("backend_unavailable"));
            }
        } finally {
            parseServer.start();
        }
        // The failed lookup was not cached, neither as a device nor as an unknown key.
        given().header("Authorization", device.authorization()).contentType(ContentType.JSON).body(reading)
                .when().post("/api/device/data")
                .then().statusCode(200).body("accepted", equalTo(1));
    }
}
