package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class ConcurrentIngestTest {

    private static final int THREADS = 32;
    private static final int POSTS_PER_THREAD = 10;

    @Inject
    ParseClient parse;

    @Test
    void concurrentSingleReadingsAndTheirRetriesAreAllStoredExactlyOnce() throws Exception {
        ParseUser owner = TestFleet.newUser(parse);
        List<TestDevice> devices = IntStream.range(0, 8).mapToObj(i -> TestFleet.newDevice(parse, owner)).toList();

        List<Callable<int[]>> senders = IntStream.range(0, THREADS).<Callable<int[]>>mapToObj(thread -> () -> {
            TestDevice device = devices.get(thread % devices.size());
            int accepted = 0;
            int duplicates = 0;
            for (int i = 0; i < POSTS_PER_THREAD; i++) {
                String id = "t" + thread + "-" + i;
                // Every fifth reading is sent twice, as a device does when an answer is lost.
                for (int send = 0; send < (i % 5 == 0 ? 2 : 1); send++) {
                    JsonPath answer = postSingle(device, id);
                    accepted += answer.getInt("accepted");
                    duplicates += answer.getInt("duplicates");
                }
            }
            return new int[] {accepted, duplicates};
        }).toList();
        int[] totals = runAll(senders);

        assertThat(totals[0]).isEqualTo(THREADS * POSTS_PER_THREAD);
        assertThat(totals[1]).isEqualTo(THREADS * POSTS_PER_THREAD / 5);
        long stored = devices.stream().mapToLong(device -> TestFleet.storedReadings(parse, device)).sum();
        assertThat(stored).isEqualTo(THREADS * POSTS_PER_THREAD);
    }

    @Test
    void sameBatchFromManyConnectionsAtOnceIsStoredOnce() throws Exception {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        List<Map<String, Object>> readings = IntStream.range(0, 50)
                .mapToObj(i -> Map.<String, Object>of("id", "shared-" + i, "timestamp", Instant.now().toString(),
                        "sensors", Map.of("v", i)))
                .toList();

        List<Callable<int[]>> senders = IntStream.range(0, 8).<Callable<int[]>>mapToObj(thread -> () -> {
            JsonPath answer = given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                    .body(Map.of("readings", readings))
                    .when().post("/api/device/data")
                    .then().statusCode(200).extract().jsonPath();
            return new int[] {answer.getInt("accepted"), answer.getInt("duplicates")};
        }).toList();
        int[] totals = runAll(senders);

        assertThat(totals[0]).isEqualTo(50);
        assertThat(totals[1]).isEqualTo(7 * 50);
        assertThat(TestFleet.storedReadings(parse, device)).isEqualTo(50);
    }

    private static JsonPath postSingle(TestDevice device, String id) {
        return given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body(Map.of("id", id, "sensors", Map.of("temp", 20.5), "timestamp", Instant.now().toString()))
                .when().post("/api/device/data")
                .then().statusCode(200).extract().jsonPath();
    }

    private static int[] runAll(List<Callable<int[]>> senders) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try {
            List<Future<int[]>> results = new ArrayList<>();
            senders.forEach(sender -> results.add(pool.submit(sender)));
            int[] totals = new int[2];
            for (Future<int[]> result : results) {
                int[] counts = result.get();
                totals[0] += counts[0];
                totals[1] += counts[1];
            }
            return totals;
        } finally {
            pool.shutdownNow();
        }
    }
}
