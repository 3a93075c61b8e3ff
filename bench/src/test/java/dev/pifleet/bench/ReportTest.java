package dev.pifleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final CpuMeter.Usage IDLE = new CpuMeter.Usage(0, 0, 0, 0, 0, 0);
    private static final MachineInfo MACHINE = new MachineInfo(2, "cpu", "1 GiB", "os", "java", "node", "9.10.0",
            "15", "0.00");

    @Test
    void ratiosCompareThePhasesOfTheSameRoundAndTakeTheBestParseBatchAsTheCeiling() {
        List<PhaseResult> phases = List.of(
                phase(Report.PARSE_BATCH, 3, 1, 4000, "a"), phase(Report.PARSE_BATCH, 6, 1, 3000, "b"),
                phase(Report.SEED, 32, 1, 400, "c"), phase(Report.INGEST_SINGLE, 32, 1, 2400, "d"),
                phase(Report.INGEST_BATCH, 8, 1, 3600, "e"),
                phase(Report.PARSE_BATCH, 3, 2, 2000, "f"), phase(Report.PARSE_BATCH, 6, 2, 2500, "g"),
                phase(Report.SEED, 32, 2, 200, "h"), phase(Report.INGEST_SINGLE, 32, 2, 1000, "i"),
                phase(Report.INGEST_BATCH, 8, 2, 2000, "j"), phase(Report.SEED_CALLS, 32, 2, 500, "k"));

        Report.Results results = Report.assemble(MACHINE, options(2), phases, Map.of(), List.of());

        assertThat(results.ratios()).filteredOn(r -> !r.name().endsWith(Report.PER_SERVER_CPU))
                .extracting(Report.Ratio::value).containsExactly(6.0, 0.9, 5.0, 2.0, 0.8);
        assertThat(results.medianRatios().get("(3)/(2′) at concurrency 32")).isCloseTo(2.0, within(1e-9));
        assertThat(Report.markdown(results)).contains("| (3)/(2′) at concurrency 32 | 2.00 | 2.00× | – | – |");
        assertThat(results.medianRatios().get("(3)/(2) at concurrency 32")).isCloseTo(5.5, within(1e-9));
        assertThat(results.medianRatios().get("(4)/(1)")).isCloseTo(0.85, within(1e-9));
    }

    @Test
    void mqttPhasesCompareWithTheSameRequestsOverHttpAndTheCeiling() {
        List<PhaseResult> phases = List.of(
                phase(Report.PARSE_BATCH, 3, 1, 4000, "a"), phase(Report.INGEST_SINGLE, 32, 1, 2400, "b"),
                phase(Report.INGEST_SINGLE, 64, 1, 2000, "c"), phase(Report.INGEST_BATCH, 8, 1, 3600, "d"),
                phase(Report.MQTT_SINGLE, 32, 1, 1200, "e"), phase(Report.MQTT_SINGLE, 64, 1, 3000, "f"),
                phase(Report.MQTT_BATCH, 8, 1, 3200, "g"));

        Report.Results results = Report.assemble(MACHINE, BenchOptions.parse(new String[] {"--rounds", "1", "--mqtt"}),
                phases, Map.of(), List.of());

        assertThat(results.medianRatios().get("(5)/(3) at concurrency 32")).isCloseTo(0.5, within(1e-9));
        assertThat(results.medianRatios().get("(5)/(3) at concurrency 64")).isCloseTo(1.5, within(1e-9));
        assertThat(results.medianRatios().get("(6)/(4)")).isCloseTo(3200.0 / 3600, within(1e-9));
        assertThat(results.medianRatios().get("(6)/(1)")).isCloseTo(0.8, within(1e-9));
        assertThat(Report.markdown(results)).contains("(6) ingest over MQTT");
    }

    @Test
    void everyAcknowledgedReadingMustBeStoredOnceAndFailedRequestsMayOrMayNotHaveBeen() {
        PhaseResult exact = withBookkeeping(phase(Report.INGEST_BATCH, 8, 1, 1, "exact"), 100, 0, 0);
        PhaseResult retried = withBookkeeping(phase(Report.INGEST_BATCH, 8, 1, 1, "retried"), 100, 2, 0);
        PhaseResult doubtful = withBookkeeping(phase(Report.INGEST_BATCH, 8, 1, 1, "doubt"), 100, 0, 50);
        PhaseResult lost = withBookkeeping(phase(Report.INGEST_BATCH, 8, 1, 1, "lost"), 100, 0, 0);
        PhaseResult twice = withBookkeeping(phase(Report.INGEST_BATCH, 8, 1, 1, "twice"), 100, 0, 0);
        Map<String, Long> stored = Map.of("exact", 100L, "retried", 102L, "doubt", 130L, "lost", 99L, "twice", 101L);

        Report.Results results = Report.assemble(MACHINE, options(1), List.of(exact, retried, doubtful, lost, twice),
                stored, List.of());

        assertThat(results.exactlyOnce()).extracting(Report.ExactlyOnce::ok)
                .containsExactly(true, true, true, false, false);
    }

    private static PhaseResult phase(String name, int concurrency, int round, double readingsPerSecond,
            String device) {
        return new PhaseResult(name, concurrency, round, 1, 10, (long) readingsPerSecond * 10, 1, 0,
                readingsPerSecond, 1, 2, 3, IDLE, 1, 0, 0, 0, 0, 0, List.of(), List.of(device));
    }

    private static PhaseResult withBookkeeping(PhaseResult p, long acknowledged, long duplicates, long inDoubt) {
        return new PhaseResult(p.phase(), p.concurrency(), p.round(), p.readingsPerRequest(), p.seconds(),
                p.readings(), p.requests(), p.errors(), p.readingsPerSecond(), p.p50Millis(), p.p99Millis(),
                p.maxMillis(), p.cpu(), p.readingsPerParseBatch(), p.serviceParseRoundTripMillis(), acknowledged, duplicates, inDoubt, 0, List.of(), p.deviceObjectIds());
    }

    private static BenchOptions options(int rounds) {
        return BenchOptions.parse(new String[] {"--rounds", String.valueOf(rounds), "--output", Path.of("x").toString()});
    }
}
