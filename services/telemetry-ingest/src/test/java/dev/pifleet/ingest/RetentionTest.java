package dev.pifleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.ingest.retention.RetentionJob;
import dev.pifleet.ingest.rollup.RollupJob;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.sensorlog.Resolution;
import dev.pifleet.sensorlog.RollupStore;
import dev.pifleet.sensorlog.SensorLogStore;
import dev.pifleet.sensorlog.StoredReading;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention deletes exactly the readings older than raw-days (90), and summaries (hours with their minutes, days)
 * older than rollup-days (1095); per-device overrides apply. Old readings are written straight into Parse:
 * the ingest refuses readings older than 30 days.
 */
@QuarkusTest
@WithTestResource(FleetServicesTestResource.class)
class RetentionTest {

    @Inject
    ParseClient parse;

    @Inject
    SensorLogStore readings;

    @Inject
    RollupStore rollups;

    @Inject
    RollupJob rollupJob;

    @Inject
    RetentionJob retention;

    @Test
    void oldReadingsGoAndTheirHourAndDaySummariesStay() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        TestDevice keepsLonger = TestFleet.newDevice(parse, TestFleet.newUser(parse), ApiKeys.generate(), "pi-retention-override");
        List<Integer> ages = List.of(1_200, 100, 91, 89, 10);
        for (TestDevice each : List.of(device, keepsLonger)) {
            parse.batch(ParseAuth.master(), ages.stream().map(days -> SensorLogStore.create(each.objectId(),
                    each.owner().objectId(), "age-" + days, now.minus(Duration.ofDays(days)), Map.of("t", days))).toList());
        }
        rollupJob.catchUp(Instant.now().plusSeconds(120));

        retention.runOnce(now);

        assertThat(readingIds(device)).containsExactlyInAnyOrder("age-89", "age-10");
        assertThat(buckets(device, Resolution.MINUTE)).hasSize(4);
        assertThat(buckets(device, Resolution.HOUR)).hasSize(4);
        assertThat(buckets(device, Resolution.DAY)).hasSize(4);
        // pi-retention-override keeps raw readings 365 days (application.properties, test profile).
        assertThat(readingIds(keepsLonger)).containsExactlyInAnyOrder("age-100", "age-91", "age-89", "age-10");
        assertThat(buckets(keepsLonger, Resolution.DAY)).hasSize(4);

        assertThat(retention.runOnce(now)).as("a second run finds nothing more").isZero();
    }

    private List<String> readingIds(TestDevice device) {
        return readings.page(device.objectId(), null, null, null, 999).stream().map(StoredReading::readingId).toList();
    }

    private List<Instant> buckets(TestDevice device, Resolution resolution) {
        return rollups.range(device.objectId(), resolution, Instant.EPOCH, Instant.now().plusSeconds(86_400), 999)
                .stream().map(rollup -> rollup.key().bucket()).toList();
    }
}
