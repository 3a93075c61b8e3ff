package dev.pifleet.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The fault suite's settings, from its arguments and the environment {@code scripts/chaos} sets. */
record FaultOptions(Duration steady, Duration hold, Duration freeze, int workers, int batchSize, Duration period,
        int agentBacklog, Set<String> only, Path output, int postgresPort, Optional<String> postgresStop,
        Optional<String> postgresStart, boolean mqtt, int replicas) {

    static final String USAGE = """
            usage: FaultSuite [options]
              --steady-seconds N   load before each fault and after its recovery (default 8)
              --hold-seconds N     how long a killed or stopped part stays down (default 5)
              --freeze-seconds N   how long Parse Server stays SIGSTOPped (default 30)
              --workers N          devices sending at once, one batch in flight each (default 4)
              --batch N            readings per request (default 50, at most 500)
              --period-ms N        each device sends a batch every N ms (default 250)
              --agent-backlog N    readings buffered by the cut-off agent (default 10000)
              --only a,b           run only these of parse-kill, ingest-kill, postgres-stop, parse-sigstop, agent-offline
              --output DIR         where fault-results.md goes (default target)
              --mqtt               also a second load on other devices, the same batches as QoS 1 PUBLISHes over
                                   the ingest's MQTT endpoint (a PUBACK counts as acknowledged), tallied apart
              --replicas N         1 (default) or 2: two Parse Servers on the database and two ingest replicas,
                                   each pair behind a loopback round-robin; a fault hits one of the two
            environment: PIFLEET_TEST_PG_HOST/PORT (the cluster the fresh database goes to),
              PIFLEET_CHAOS_PG_STOP / PIFLEET_CHAOS_PG_START (shell commands that stop and start that cluster;
              without them postgres-stop is skipped)
            """;

    static FaultOptions parse(String[] args, Map<String, String> environment) {
        int steady = 8;
        int hold = 5;
        int freeze = 30;
        int workers = 4;
        int batch = 50;
        int periodMillis = 250;
        int backlog = 10_000;
        Set<String> only = Set.of();
        Path output = Path.of("target");
        boolean mqtt = false;
        int replicas = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steady-seconds" -> steady = bounded(args, ++i, 1, 300);
                case "--hold-seconds" -> hold = bounded(args, ++i, 0, 300);
                case "--freeze-seconds" -> freeze = bounded(args, ++i, 1, 300);
                case "--workers" -> workers = bounded(args, ++i, 1, 64);
                case "--batch" -> batch = bounded(args, ++i, 1, 500);
                case "--period-ms" -> periodMillis = bounded(args, ++i, 10, 60_000);
                case "--agent-backlog" -> backlog = bounded(args, ++i, 1, 100_000);
                case "--only" -> only = Set.copyOf(Arrays.asList(value(args, ++i).split(",")));
                case "--output" -> output = Path.of(value(args, ++i));
                case "--mqtt" -> mqtt = true;
                case "--replicas" -> replicas = bounded(args, ++i, 1, 2);
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int port = Integer.parseInt(environment.getOrDefault("PIFLEET_TEST_PG_PORT", "5432"));
        Optional<String> stop = Optional.ofNullable(environment.get("PIFLEET_CHAOS_PG_STOP")).filter(s -> !s.isBlank());
        Optional<String> start = Optional.ofNullable(environment.get("PIFLEET_CHAOS_PG_START")).filter(s -> !s.isBlank());
        if (port == 5432 && stop.isPresent()) {
            // The machine's shared PostgreSQL: never stopped by the suite.
            throw new IllegalArgumentException("PIFLEET_CHAOS_PG_STOP is set for port 5432; use a throwaway cluster");
        }
        return new FaultOptions(Duration.ofSeconds(steady), Duration.ofSeconds(hold), Duration.ofSeconds(freeze),
                workers, batch, Duration.ofMillis(periodMillis), backlog, only, output, port, stop, start, mqtt, replicas);
    }

    boolean selected(String fault) {
        return only.isEmpty() || only.contains(fault);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int bounded(String[] args, int i, int min, int max) {
        String raw = value(args, i);
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new IllegalArgumentException(args[i - 1] + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " takes a whole number, not " + raw);
        }
    }
}
