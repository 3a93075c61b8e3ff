package dev.pifleet.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.testing.AtOnce;
import dev.pifleet.testing.ParseServerTestResource;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SensorLogRows;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two device-registry replicas on one Parse Server, both running the purge job (a fast schedule, and each unpair
 * starts a run at once): every reading of every purged device is deleted exactly once across the two (their
 * counters add up to the readings written), and nothing of the devices is left (their fleet config and commands too).
 * The suite's shared registry purges on the same Parse too (a CI run once counted 915 of 1,360 without it): it is
 * started if no other test has, and its counter is added in.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class TwoRegistriesPurgeTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int DEVICES = 8;
    /** Three of the purge's batches (50) and a part: the replicas meet mid-device. */
    private static final int READINGS_PER_DEVICE = 170;
    private static final Pattern DELETED = Pattern.compile("(?m)^pifleet_purge_readings_deleted_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

    private static final List<QuarkusAppProcess> REPLICAS = new ArrayList<>();

    @Inject
    ParseClient parse;

    @BeforeAll
    static void startTwoReplicas() {
        for (int i = 0; i < 2; i++) {
            Map<String, String> config = SharedServices.serviceConfig();
            config.put("pifleet.pairing.legacy-enabled", "true");
            config.put("pifleet.registry.sweep-interval", "1s");
            REPLICAS.add(new QuarkusAppProcess("services/device-registry", config).start());
        }
    }

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(QuarkusAppProcess::stop);
        REPLICAS.clear();
    }

    @Test
    void everyReadingIsDeletedOnceAndNothingIsLeft() throws Exception {
        double deletedBefore = deletedByAll();
        String session = call(SharedServices.authGateway().url(), "POST", "/api/auth/signup", null,
                Map.of("email", "purge-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"))
                .path("sessionToken").asText();
        List<String> deviceIds = new ArrayList<>();
        List<Pointer> pointers = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            String deviceId = "purge-" + UUID.randomUUID();
            String apiKey = call(REPLICAS.get(d % 2).url(), "POST", "/api/device/register", "x-session-token " + session,
                    Map.of("deviceId", deviceId)).path("apiKey").asText();
            List<Map<String, Object>> readings = new ArrayList<>();
            for (int r = 0; r < READINGS_PER_DEVICE; r++) {
                readings.add(Map.of("id", deviceId + "-" + r, "timestamp", Instant.now().minusSeconds(r + 1).toString(),
                        "sensors", Map.of("t", r)));
            }
            call(SharedServices.telemetryIngest().url(), "POST", "/api/device/data", "Authorization Device " + apiKey,
                    Map.of("readings", readings));
            // Fleet control's rows of the device go with it too: a desired config and a queued command.
            call(REPLICAS.get(d % 2).url(), "PATCH", "/api/devices/" + deviceId + "/config", "x-session-token " + session,
                    Map.of("readingIntervalSeconds", 60));
            call(REPLICAS.get(d % 2).url(), "POST", "/api/devices/" + deviceId + "/commands", "x-session-token " + session,
                    Map.of("name", "upload-now"));
            deviceIds.add(deviceId);
            pointers.add(new Pointer(DeviceClass.NAME, parse.find(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                    .equalTo(DeviceClass.DEVICE_ID, deviceId)).getFirst().objectId()));
        }
        assertThat(readingsOf(pointers)).isEqualTo((long) DEVICES * READINGS_PER_DEVICE);

        // All unpaired at once, half through each replica: both start a run, and both schedules pick up the rest.
        AtOnce.run(DEVICES, d -> call(REPLICAS.get(d % 2).url(), "DELETE", "/api/devices/" + deviceIds.get(d) + "?purge=true",
                "x-session-token " + session, null));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> readingsOf(pointers) == 0
                && parse.count(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME).containedIn(DeviceClass.DEVICE_ID, deviceIds)) == 0);
        for (String fleetClass : List.of("DeviceConfig", "FleetCommand")) {
            assertThat(parse.count(ParseAuth.master(), ParseQuery.of(fleetClass).containedIn("deviceId", deviceIds)))
                    .as(fleetClass + " rows of the purged devices").isZero();
        }
        double deleted = deletedByAll() - deletedBefore;
        assertThat(deleted).as("readings deleted by the registries together").isEqualTo((double) DEVICES * READINGS_PER_DEVICE);
    }

    private long readingsOf(List<Pointer> pointers) {
        long total = 0;
        for (Pointer pointer : pointers) {
            total += parse.count(ParseAuth.master(), ParseQuery.of(SensorLogRows.NAME).equalTo(SensorLogRows.DEVICE, pointer));
        }
        return total;
    }

    /** The purge counters of every registry on this Parse: the two replicas and the suite's shared one. */
    private static double deletedByAll() throws IOException, InterruptedException {
        return deletedOn(REPLICAS.get(0)) + deletedOn(REPLICAS.get(1)) + deletedOn(SharedServices.deviceRegistry());
    }

    /** The replica's purge counter (Prometheus text). */
    private static double deletedOn(QuarkusAppProcess replica) throws IOException, InterruptedException {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(replica.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = DELETED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static JsonNode call(String base, String method, String path, String header, Object body) {
        return JsonCalls.succeed(base, method, path, header, body).body();
    }
}
