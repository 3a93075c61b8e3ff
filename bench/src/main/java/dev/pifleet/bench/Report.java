package dev.pifleet.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Turns the phase results into the tables of {@code bench-results.md} (and the same data as JSON): every phase of
 * every round, a summary per phase (median of the rounds), the ratios computed round by round (side by side,
 * so drift of the machine cancels out), and the exactly-once check.
 */
final class Report {

    static final String PARSE_BATCH = "parse-batch";
    static final String SEED = "seed-route";
    static final String SEED_CALLS = "seed-calls";
    static final String INGEST_SINGLE = "ingest-single";
    static final String INGEST_BATCH = "ingest-batch";
    static final String MQTT_SINGLE = "ingest-mqtt-single";
    static final String MQTT_BATCH = "ingest-mqtt-batch";
    /** The suffix of an ingest phase run again while idle Pis hold their long-polls open. */
    static final String WITH_POLLS = "+polls";

    static final String PER_SERVER_CPU = ", per server CPU-second";
    static final double SINGLE_TARGET = 5.0;
    static final double BATCH_TARGET = 0.85;

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            PARSE_BATCH, "(1) Parse /batch of N SensorLog creates",
            SEED, "(2) the seed's route (Node, Parse JS SDK): find Device, create SensorLog, update Device",
            SEED_CALLS, "(2′) the same three Parse calls straight from the load generator, no middle tier",
            INGEST_SINGLE, "(3) ingest, one reading per request",
            INGEST_BATCH, "(4) ingest, N readings per request",
            INGEST_SINGLE + WITH_POLLS, "(3) while the idle Pis hold their long-polls",
            INGEST_BATCH + WITH_POLLS, "(4) while the idle Pis hold their long-polls",
            MQTT_SINGLE, "(5) ingest over MQTT, one reading per QoS 1 PUBLISH",
            MQTT_BATCH, "(6) ingest over MQTT, N readings per QoS 1 PUBLISH");

    /** A ratio of one round: numerator and denominator measured in that same round. */
    record Ratio(String name, int round, double numerator, double denominator, double value) {
    }

    /** Acknowledged vs stored, per phase and round. */
    record ExactlyOnce(String phase, int concurrency, int round, long acknowledged, long duplicates, long inDoubt,
            long stored, boolean ok) {
    }

    record Summary(String phase, int concurrency, double medianReadingsPerSecond, double minReadingsPerSecond,
            double maxReadingsPerSecond, double medianP50Millis, double medianP99Millis,
            double medianReadingsPerParseRequest, double medianReadingsPerServerCoreSecond, double medianBenchCores,
            double medianParseCores, double medianServiceCores, double medianOtherCores) {
    }

    record Results(Instant finishedAt, MachineInfo machine, BenchOptions options, List<PhaseResult> phases,
            List<Summary> summaries, List<Ratio> ratios, Map<String, Double> medianRatios,
            List<ExactlyOnce> exactlyOnce, List<String> notes) {
    }

    static Results assemble(MachineInfo machine, BenchOptions options, List<PhaseResult> phases,
            Map<String, Long> storedByDevice, List<String> notes) {
        List<Summary> summaries = summarize(phases);
        List<Ratio> ratios = new ArrayList<>();
        addRatios(ratios, phases, options.rounds(), "", PhaseResult::readingsPerSecond);
        addRatios(ratios, phases, options.rounds(), PER_SERVER_CPU, PhaseResult::readingsPerServerCoreSecond);
        Map<String, Double> medianRatios = new LinkedHashMap<>();
        ratios.stream().map(Ratio::name).distinct().forEach(name -> medianRatios.put(name,
                median(ratios.stream().filter(r -> r.name().equals(name)).map(Ratio::value).toList())));
        List<ExactlyOnce> checks = phases.stream().map(p -> {
            long stored = p.deviceObjectIds().stream().mapToLong(id -> storedByDevice.getOrDefault(id, 0L)).sum();
            // No reading is ever sent twice, so a "duplicate" answer can only be a reading the service stored on an
            // earlier attempt of its own (a retry after a broken connection): stored once, acknowledged once.
            long expected = p.acknowledgedTotal() + p.duplicatesTotal();
            boolean ok = stored >= expected && stored <= expected + p.readingsInDoubt();
            return new ExactlyOnce(p.phase(), p.concurrency(), p.round(), p.acknowledgedTotal(), p.duplicatesTotal(),
                    p.readingsInDoubt(), stored, ok);
        }).toList();
        return new Results(Instant.now(), machine, options, phases, summaries, ratios, medianRatios, checks, notes);
    }

    /**
     * Each ratio of each round: ingest and its baseline measured minutes apart on the same server. The ceiling is
     * the best raw-batch phase of that round (any concurrency). (3)/(2′) has no target: it compares against the
     * seed's calls without the seed's own tier, the stricter reference.
     */
    private static void addRatios(List<Ratio> ratios, List<PhaseResult> phases, int rounds, String suffix,
            ToDoubleFunction<PhaseResult> metric) {
        for (int n = 1; n <= rounds; n++) {
            int round = n;
            Optional<PhaseResult> seed = find(phases, SEED, round);
            Optional<PhaseResult> seedCalls = find(phases, SEED_CALLS, round);
            Optional<PhaseResult> ceiling = phases.stream()
                    .filter(p -> p.round() == round && p.phase().equals(PARSE_BATCH))
                    .max(Comparator.comparingDouble(metric));
            for (PhaseResult single : byPhase(phases, INGEST_SINGLE, round)) {
                seed.ifPresent(s -> ratios.add(ratio("(3)/(2) at concurrency " + single.concurrency() + suffix, round,
                        metric.applyAsDouble(single), metric.applyAsDouble(s))));
                seedCalls.ifPresent(s -> ratios.add(ratio("(3)/(2′) at concurrency " + single.concurrency() + suffix,
                        round, metric.applyAsDouble(single), metric.applyAsDouble(s))));
            }
            for (PhaseResult batch : byPhase(phases, INGEST_BATCH, round)) {
                ceiling.ifPresent(c -> ratios.add(ratio("(4)/(1)" + suffix, round, metric.applyAsDouble(batch),
                        metric.applyAsDouble(c))));
            }
            // MQTT against the same requests over HTTP, and its batches against the ceiling.
            for (PhaseResult single : byPhase(phases, MQTT_SINGLE, round)) {
                byPhase(phases, INGEST_SINGLE, round).stream().filter(p -> p.concurrency() == single.concurrency())
                        .findFirst().ifPresent(http -> ratios.add(ratio("(5)/(3) at concurrency " + single.concurrency()
                                + suffix, round, metric.applyAsDouble(single), metric.applyAsDouble(http))));
            }
            for (PhaseResult batch : byPhase(phases, MQTT_BATCH, round)) {
                find(phases, INGEST_BATCH, round).ifPresent(http -> ratios.add(ratio("(6)/(4)" + suffix, round,
                        metric.applyAsDouble(batch), metric.applyAsDouble(http))));
                ceiling.ifPresent(c -> ratios.add(ratio("(6)/(1)" + suffix, round, metric.applyAsDouble(batch),
                        metric.applyAsDouble(c))));
            }
            // The same targets with the idle long-polls held, and what holding them costs each phase.
            for (PhaseResult single : byPhase(phases, INGEST_SINGLE + WITH_POLLS, round)) {
                seed.ifPresent(s -> ratios.add(ratio("(3" + WITH_POLLS + ")/(2) at concurrency " + single.concurrency()
                        + suffix, round, metric.applyAsDouble(single), metric.applyAsDouble(s))));
                byPhase(phases, INGEST_SINGLE, round).stream().filter(p -> p.concurrency() == single.concurrency())
                        .findFirst().ifPresent(without -> ratios.add(ratio("(3" + WITH_POLLS + ")/(3) at concurrency "
                                + single.concurrency() + suffix, round, metric.applyAsDouble(single),
                                metric.applyAsDouble(without))));
            }
            for (PhaseResult batch : byPhase(phases, INGEST_BATCH + WITH_POLLS, round)) {
                ceiling.ifPresent(c -> ratios.add(ratio("(4" + WITH_POLLS + ")/(1)" + suffix, round,
                        metric.applyAsDouble(batch), metric.applyAsDouble(c))));
                find(phases, INGEST_BATCH, round).ifPresent(without -> ratios.add(ratio("(4" + WITH_POLLS + ")/(4)"
                        + suffix, round, metric.applyAsDouble(batch), metric.applyAsDouble(without))));
            }
        }
    }

    static String markdown(Results results) {
        StringBuilder md = new StringBuilder();
        BenchOptions options = results.options();
        MachineInfo machine = results.machine();
        md.append("# Ingest benchmark results\n\n");
        md.append(String.format(Locale.ROOT, "Finished %s. %d round(s); each phase %d s measured after %d s warm-up; "
                        + "%d devices per phase and round; batches of %d readings.%n%n", results.finishedAt(),
                options.rounds(), options.phase().toSeconds(), options.warmup().toSeconds(), options.devicesPerPhase(),
                options.batchSize()));
        md.append("## Machine\n\n| | |\n|---|---|\n");
        md.append(row("CPUs", String.valueOf(machine.cpus()))).append(row("CPU model", machine.cpuModel()))
                .append(row("memory", machine.memory())).append(row("OS", machine.os()))
                .append(row("Java", machine.javaVersion())).append(row("Node", machine.nodeVersion()))
                .append(row("Parse Server", machine.parseServer())).append(row("PostgreSQL", machine.postgres()))
                .append(row("load average at start", machine.loadAverageAtStart()));

        double otherCores = median(results.phases().stream().map(p -> p.cpu().other()).toList());
        md.append(String.format(Locale.ROOT, "%nOther processes on the machine used %.2f of %d cores during the phases "
                        + "(median): %s.%n", otherCores, machine.cpus(),
                otherCores < 0.15 ? "quiet" : otherCores < 0.5 ? "somewhat busy" : "busy, so absolute numbers are low "
                        + "and the side-by-side ratios are what to read"));
        md.append("\n## Summary (median of the rounds)\n\n");
        md.append("| phase | what | concurrency | readings/s (median) | min–max | p50 ms | p99 ms | readings per Parse request | readings per server CPU-second | CPU cores: bench / parse / service / other |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Summary s : results.summaries()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %,.0f–%,.0f | %.1f | %.1f | %.1f | %,.0f | %.2f / %.2f / %.2f / %.2f |%n",
                    s.phase(), DESCRIPTIONS.getOrDefault(s.phase(), ""), s.concurrency(), s.medianReadingsPerSecond(),
                    s.minReadingsPerSecond(), s.maxReadingsPerSecond(), s.medianP50Millis(), s.medianP99Millis(),
                    s.medianReadingsPerParseRequest(), s.medianReadingsPerServerCoreSecond(),
                    s.medianBenchCores(), s.medianParseCores(), s.medianServiceCores(), s.medianOtherCores()));
        }

        md.append("\n## Ratios (each round's phases side by side; median of the rounds)\n\n");
        md.append("The targets apply to throughput, against (2), the seed's route. (3)/(2′) compares with the seed's "
                + "three calls sent without any middle tier, a stricter reference with no target. The rows \"per server "
                + "CPU-second\" divide each phase's readings by the CPU that Parse, the service and PostgreSQL spent on "
                + "them: on a busy machine they show what the same work costs, which the other processes' share blurs "
                + "less than throughput.\n\n");
        md.append("| ratio | per round | median | target | met |\n|---|---|---:|---:|---|\n");
        results.medianRatios().forEach((name, median) -> {
            String perRound = String.join(", ", results.ratios().stream().filter(r -> r.name().equals(name))
                    .map(r -> String.format(Locale.ROOT, "%.2f", r.value())).toList());
            if (name.endsWith(PER_SERVER_CPU) || name.contains("(2′)") || name.contains("/(3)") || name.contains("/(4)")) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f× | – | – |%n", name, perRound, median));
                return;
            }
            double target = name.startsWith("(3") ? SINGLE_TARGET : BATCH_TARGET;
            md.append(String.format(Locale.ROOT, "| %s | %s | **%.2f×** | ≥ %.2f× | %s |%n", name, perRound, median,
                    target, median >= target ? "yes" : "no"));
        });
        if (results.medianRatios().isEmpty()) {
            md.append("| (no ingest phases were run) | | | | |\n");
        }

        md.append("\n## Every phase\n\n");
        md.append("| round | phase | conc. | readings/s | requests | errors | p50 ms | p99 ms | max ms | per Parse request | service's Parse round trip ms | cores bench | parse | service | postgres | other | machine |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PhaseResult p : results.phases()) {
            CpuMeter.Usage cpu = p.cpu();
            md.append(String.format(Locale.ROOT,
                    "| %d | %s | %d | %,.0f | %,d | %d | %.1f | %.1f | %.1f | %.1f | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    p.round(), p.phase(), p.concurrency(), p.readingsPerSecond(), p.requests(), p.errors(),
                    p.p50Millis(), p.p99Millis(), p.maxMillis(), p.readingsPerParseBatch(),
                    p.serviceParseRoundTripMillis() > 0 ? String.format(Locale.ROOT, "%.1f", p.serviceParseRoundTripMillis()) : "–",
                    cpu.bench(), cpu.parse(), cpu.service(),
                    cpu.postgres(), cpu.other(), cpu.machine()));
        }

        md.append("\n## Exactly once: acknowledged readings vs SensorLog rows (warm-up included)\n\n");
        md.append("| round | phase | conc. | acknowledged | duplicates answered | in doubt (failed requests) | stored | verdict |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---|\n");
        for (ExactlyOnce check : results.exactlyOnce()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %,d | %d | %d | %,d | %s |%n", check.round(),
                    check.phase(), check.concurrency(), check.acknowledged(), check.duplicates(), check.inDoubt(),
                    check.stored(), check.ok() ? "ok" : "**MISMATCH**"));
        }
        List<String> errors = results.phases().stream().filter(p -> !p.errorSamples().isEmpty())
                .map(p -> "- round " + p.round() + " " + p.key() + ": " + String.join(" | ", p.errorSamples()))
                .toList();
        if (!errors.isEmpty()) {
            md.append("\n## Error samples\n\n").append(String.join("\n", errors)).append('\n');
        }
        if (!results.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            results.notes().forEach(note -> md.append("- ").append(note).append('\n'));
        }
        return md.toString();
    }

    static void write(Results results, Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("bench-results.md"), markdown(results));
        HttpJson.JSON.copy().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValue(directory.resolve("bench-results.json").toFile(), results);
    }

    private static List<Summary> summarize(List<PhaseResult> phases) {
        Map<String, List<PhaseResult>> byKey = new LinkedHashMap<>();
        phases.forEach(p -> byKey.computeIfAbsent(p.key(), key -> new ArrayList<>()).add(p));
        return byKey.values().stream().map(runs -> {
            PhaseResult first = runs.get(0);
            return new Summary(first.phase(), first.concurrency(),
                    median(runs.stream().map(PhaseResult::readingsPerSecond).toList()),
                    runs.stream().mapToDouble(PhaseResult::readingsPerSecond).min().orElse(0),
                    runs.stream().mapToDouble(PhaseResult::readingsPerSecond).max().orElse(0),
                    median(runs.stream().map(PhaseResult::p50Millis).toList()),
                    median(runs.stream().map(PhaseResult::p99Millis).toList()),
                    median(runs.stream().map(PhaseResult::readingsPerParseBatch).toList()),
                    median(runs.stream().map(PhaseResult::readingsPerServerCoreSecond).toList()),
                    median(runs.stream().map(p -> p.cpu().bench()).toList()),
                    median(runs.stream().map(p -> p.cpu().parse()).toList()),
                    median(runs.stream().map(p -> p.cpu().service()).toList()),
                    median(runs.stream().map(p -> p.cpu().other()).toList()));
        }).toList();
    }

    private static Optional<PhaseResult> find(List<PhaseResult> phases, String phase, int round) {
        return byPhase(phases, phase, round).stream().findFirst();
    }

    private static List<PhaseResult> byPhase(List<PhaseResult> phases, String phase, int round) {
        return phases.stream().filter(p -> p.round() == round && p.phase().equals(phase)).toList();
    }

    private static Ratio ratio(String name, int round, double numerator, double denominator) {
        return new Ratio(name, round, numerator, denominator, denominator == 0 ? 0 : numerator / denominator);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value + " |\n";
    }
}
