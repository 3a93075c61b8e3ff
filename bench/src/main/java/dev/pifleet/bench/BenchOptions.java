package dev.pifleet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of {@link IngestBenchmark}; every default is what the lead's full run uses. */
record BenchOptions(
        Duration phase,
        Duration warmup,
        Duration serviceWarmup,
        int rounds,
        int devicesPerPhase,
        int owners,
        int batchSize,
        List<Integer> parseBatchConcurrency,
        int seedConcurrency,
        List<Integer> ingestConcurrency,
        int ingestBatchConcurrency,
        boolean runIngest,
        Map<String, String> ingestProperties,
        int oldReadings,
        int idleLongPolls,
        int longPollSeconds,
        boolean mqtt,
        int replicas,
        Path output) {

    static final String USAGE = """
            usage: IngestBenchmark [options]
              --phase-seconds N            measured seconds per phase (default 15)
              --warmup-seconds N           warm-up seconds before each phase (default 3)
              --service-warmup-seconds N   unreported load through the freshly started services (the seed's route,
                                           telemetry-ingest) before round 1, so their JITs are warm like Parse's,
                                           split evenly over their phases (default 60)
              --rounds N                   times the whole phase sequence is repeated, to show drift (default 3)
              --devices N                  devices per phase and round (default 128)
              --batch-size N               readings per batch in phases 1 and 4 (default 50)
              --parse-batch-concurrency A,B batches in flight against Parse in phase 1; the best is the
                                           ceiling (default 3,6)
              --seed-concurrency N         workers of the seed handler pattern, phase 2 (default 32)
              --ingest-concurrency A,B     workers of single-reading ingest, phase 3 (default 32,64)
              --ingest-batch-concurrency N batches in flight against ingest in phase 4 (default 8)
              --no-ingest                  run phases 1 and 2 only
              --ingest-prop KEY=VALUE      extra configuration for the ingest service (repeatable)
              --old-readings N             before round 1, store N readings older than the retention (one device)
                                           and let the retention job delete them while the phases run (default 0)
              --idle-long-polls N          idle Pis holding GET /api/device/commands open during a second copy of
                                           each ingest phase ("+polls"), to show what they cost (default 1000;
                                           0: no such phases)
              --long-poll-seconds N        waitSeconds of those polls (default 30)
              --mqtt                       also phases (5) and (6): the ingest's MQTT endpoint with QoS 1 publishers,
                                           single readings at --ingest-concurrency and batches at
                                           --ingest-batch-concurrency, one connection per device
              --replicas N                 1 (default) or 2: two Parse Servers on the database and two ingest replicas,
                                           each pair behind a loopback round-robin (TCP, so HTTP and MQTT alike);
                                           every phase goes through the round-robins
              --output DIR                 where bench-results.md/.json go (default target)
            """;

    static BenchOptions parse(String[] args) {
        Duration phase = Duration.ofSeconds(15);
        Duration warmup = Duration.ofSeconds(3);
        Duration serviceWarmup = Duration.ofSeconds(60);
        int rounds = 3;
        int devices = 128;
        int batchSize = 50;
        List<Integer> parseBatchConcurrency = List.of(3, 6);
        int seedConcurrency = 32;
        List<Integer> ingestConcurrency = List.of(32, 64);
        int ingestBatchConcurrency = 8;
        boolean runIngest = true;
        Map<String, String> ingestProperties = new LinkedHashMap<>();
        Path output = Path.of("target");
        int oldReadings = 0;
        int idleLongPolls = 1000;
        int longPollSeconds = 30;
        boolean mqtt = false;
        int replicas = 1;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--phase-seconds" -> phase = Duration.ofSeconds(bounded(args, ++i, 1, 600));
                case "--warmup-seconds" -> warmup = Duration.ofSeconds(bounded(args, ++i, 0, 120));
                case "--service-warmup-seconds" -> serviceWarmup = Duration.ofSeconds(bounded(args, ++i, 0, 300));
                case "--rounds" -> rounds = bounded(args, ++i, 1, 10);
                case "--devices" -> devices = bounded(args, ++i, 1, 20000);
                case "--batch-size" -> batchSize = bounded(args, ++i, 2, 500);
                case "--parse-batch-concurrency" -> parseBatchConcurrency = list(option, value(args, ++i));
                case "--seed-concurrency" -> seedConcurrency = bounded(args, ++i, 1, 256);
                case "--ingest-concurrency" -> ingestConcurrency = list(option, value(args, ++i));
                case "--ingest-batch-concurrency" -> ingestBatchConcurrency = bounded(args, ++i, 1, 256);
                case "--no-ingest" -> runIngest = false;
                case "--ingest-prop" -> {
                    String[] pair = value(args, ++i).split("=", 2);
                    if (pair.length != 2) {
                        throw new IllegalArgumentException("--ingest-prop takes KEY=VALUE");
                    }
                    ingestProperties.put(pair[0], pair[1]);
                }
                case "--output" -> output = Path.of(value(args, ++i));
                case "--old-readings" -> oldReadings = bounded(args, ++i, 0, 5_000_000);
                case "--idle-long-polls" -> idleLongPolls = bounded(args, ++i, 0, 10_000);
                case "--long-poll-seconds" -> longPollSeconds = bounded(args, ++i, 1, 60);
                case "--mqtt" -> mqtt = true;
                case "--replicas" -> replicas = bounded(args, ++i, 1, 2);
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new BenchOptions(phase, warmup, serviceWarmup, rounds, devices, Math.min(8, devices), batchSize, List.copyOf(parseBatchConcurrency),
                seedConcurrency, new ArrayList<>(ingestConcurrency), ingestBatchConcurrency, runIngest,
                ingestProperties, oldReadings, idleLongPolls, longPollSeconds, mqtt, replicas, output);
    }

    private static List<Integer> list(String option, String values) {
        return Arrays.stream(values.split(",")).map(String::trim)
                .map(text -> checkRange(option, Integer.parseInt(text), 1, 256)).toList();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int bounded(String[] args, int i, int min, int max) {
        return checkRange(args[i - 1], Integer.parseInt(value(args, i)), min, max);
    }

    private static int checkRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max);
        }
        return value;
    }
}
