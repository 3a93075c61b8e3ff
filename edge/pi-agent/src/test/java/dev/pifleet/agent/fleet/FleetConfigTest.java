package dev.pifleet.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.device.fleet.ConfigReport;
import dev.pifleet.device.fleet.DesiredConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloud's settings on disk: applied, refused, kept over a restart, forgotten on unpair. */
class FleetConfigTest {

    private static final Settings LOCAL = new Settings(Duration.ofSeconds(60), Duration.ofSeconds(300),
            List.of("simulated"), 100);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private FleetConfig open() {
        return new FleetConfig(LOCAL, new FleetConfigFile(stateDir));
    }

    @Test
    void anAppliedDocumentIsKeptOwnerOnlyAndSurvivesARestart() throws Exception {
        FleetConfig fleet = open();
        AtomicInteger changes = new AtomicInteger();
        fleet.onChange(changes::incrementAndGet);

        ConfigReport report = fleet.offer(new DesiredConfig(2, 5, null, null, 50), NOW);

        assertThat(report).isEqualTo(new ConfigReport(2, NOW, null));
        assertThat(changes).hasValue(1);
        assertThat(fleet.effective().readingInterval().value()).isEqualTo(Duration.ofSeconds(5));
        Path file = stateDir.resolve(FleetConfigFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var leftovers = Files.list(stateDir)) {
            assertThat(leftovers).as("no temp files left").containsExactly(file);
        }

        FleetConfig restarted = open();
        assertThat(restarted.applied()).isEqualTo(new DesiredConfig(2, 5, null, null, 50));
        assertThat(restarted.report()).contains(report);
        assertThat(restarted.knownVersion()).isEqualTo(2);
        assertThat(restarted.effective().uploadBatchSize().value()).isEqualTo(50);
        assertThat(restarted.effective().uploadBatchSize().source()).isEqualTo("cloud");
    }

    @Test
    void aRefusedDocumentLeavesThePreviousSettingsAndIsReportedWithItsReasonAlsoAfterARestart() {
        FleetConfig fleet = open();
        fleet.offer(new DesiredConfig(1, 30, null, null, null), NOW);
        AtomicInteger changes = new AtomicInteger();
        fleet.onChange(changes::incrementAndGet);

        ConfigReport report = fleet.offer(new DesiredConfig(2, 10, null, List.of("bme280"), null), NOW);

        assertThat(report.version()).isEqualTo(2);
        assertThat(report.appliedAt()).isNull();
        assertThat(report.error()).contains("no sensor bme280");
        assertThat(changes).hasValue(0);
        assertThat(fleet.effective().readingInterval().value()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fleet.knownVersion()).as("not asked for again").isEqualTo(2);
        FleetConfig restarted = open();
        assertThat(restarted.applied().version()).isEqualTo(1);
        assertThat(restarted.report()).contains(report);
    }

    @Test
    void theSameVersionTwiceChangesNothing() {
        FleetConfig fleet = open();
        ConfigReport first = fleet.offer(new DesiredConfig(3, 30, null, null, null), NOW);
        AtomicInteger changes = new AtomicInteger();
        fleet.onChange(changes::incrementAndGet);

        assertThat(fleet.offer(new DesiredConfig(3, 30, null, null, null), NOW.plusSeconds(5))).isEqualTo(first);
        assertThat(changes).hasValue(0);
    }

    @Test
    void aStoredDocumentThatNoLongerFitsThisPiIsNotUsed() {
        new FleetConfig(new Settings(Duration.ofSeconds(60), Duration.ofSeconds(300), List.of("simulated", "bme280"), 100),
                new FleetConfigFile(stateDir)).offer(new DesiredConfig(4, 15, null, List.of("bme280"), null), NOW);

        FleetConfig withoutTheSensor = open();

        assertThat(withoutTheSensor.effective().readingInterval().source()).isEqualTo("local");
        assertThat(withoutTheSensor.report().orElseThrow().error()).startsWith("no longer applies: this Pi has no sensor bme280");
    }

    @Test
    void forgetGoesBackToTheLocalSettings() {
        FleetConfig fleet = open();
        fleet.offer(new DesiredConfig(5, 15, 20, null, null), NOW);

        fleet.forget();

        assertThat(fleet.effective().values()).isEqualTo(LOCAL);
        assertThat(fleet.knownVersion()).isZero();
        assertThat(stateDir.resolve(FleetConfigFile.FILE_NAME)).doesNotExist();
    }
}
