package dev.pifleet.bench;

import dev.pifleet.testing.ParseServerProcess;
import dev.pifleet.testing.ProjectPaths;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest benchmark: one fresh database, one Parse Server, and in rounds side by side
 * (1) the raw Parse {@code /batch} ceiling, (2) the seed's three-round-trip handler, (3) telemetry-ingest with one
 * reading per request, (4) telemetry-ingest with batches. Prints and writes {@code bench-results.md} and
 * {@code .json}. Every phase is bounded in time and request count; everything it starts is stopped at exit.
 */
public final class IngestBenchmark {

    private static final String INGEST_MODULE = "services/telemetry-ingest";
    private static final String GATEWAY_MODULE = "services/auth-gateway";

    /**
     * Settings the benchmark always gives the ingest service; {@code --ingest-prop} overrides them. The per-device
     * rate limit protects Parse from one runaway device; the benchmark's devices each send far more than a real one,
     * so it is lifted here: the group commit is what is measured, not the limiter.
     */
    private static final Map<String, String> INGEST_DEFAULTS = Map.of(
            "pifleet.ingest.rate-limit.readings-per-second", "1000000",
            "pifleet.ingest.rate-limit.burst", "1000000",
            "quarkus.log.level", "WARN");

    private final BenchOptions options;
    private final Path root = ProjectPaths.root();
    private final List<String> notes = new ArrayList<>();

    private IngestBenchmark(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println((e.getMessage().isEmpty() ? "" : e.getMessage() + "\n") + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Report.Results results = new IngestBenchmark(options).run();
        boolean allStoredOnce = results.exactlyOnce().stream().allMatch(Report.ExactlyOnce::ok);
        System.exit(allStoredOnce ? 0 : 1);
    }

    private Report.Results run() throws Exception {
        log("fresh database and Parse Server");
        TestDatabase database = TestDatabase.createFresh();
        ParseServerProcess parseServer = new ParseServerProcess(database.parseDatabaseUri());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            parseServer.stop();
            database.drop();
        }, "drop-bench-database"));
        parseServer.start();
        MachineInfo machine = MachineInfo.describe(root, StoredReadings.postgresVersion(database.parseDatabaseUri()));

        Optional<QuarkusAppProcess> ingest = options.runIngest() ? startIngest(parseServer) : Optional.empty();

        HttpJson http = new HttpJson();
        ParseRest parse = new ParseRest(http, parseServer.url(), parseServer.appId(), parseServer.masterKey());
        CpuMeter cpuMeter = new CpuMeter(roles(database));
        ClosedLoop loop = new ClosedLoop(http.vertx(), cpuMeter);

        List<PhasePlan> plan = plan(parse, http, ingest);
        log("creating " + options.owners() + " owners and " + plan.size() * options.rounds() + " x "
                + options.devicesPerPhase() + " devices");
        BenchFleet fleet = new BenchFleet(parse);
        fleet.signUpOwners(options.owners());
        Map<String, List<BenchDevice>> devices = new LinkedHashMap<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (PhasePlan phase : plan) {
                devices.put(phase.cohort(round), fleet.createDevices(phase.cohort(round), options.devicesPerPhase()));
            }
        }

        warmUpIngest(loop, fleet, plan);

        List<PhaseResult> results = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (PhasePlan phase : plan) {
                log(String.format("round %d/%d: %s at concurrency %d", round, options.rounds(), phase.name(),
                        phase.concurrency()));
                PhaseResult result = loop.run(phase.name(), phase.concurrency(), round, phase.workload(),
                        devices.get(phase.cohort(round)), options.warmup(), options.phase(), phase.ingestMetrics(),
                        phase.fixedBatchSize());
                log(String.format("  %,.0f readings/s, p50 %.1f ms, p99 %.1f ms, %d errors, %.1f readings per Parse request; cores: bench %.2f, parse %.2f, ingest %.2f, postgres %.2f, other %.2f",
                        result.readingsPerSecond(), result.p50Millis(), result.p99Millis(), result.errors(),
                        result.readingsPerParseBatch(),
                        result.cpu().bench(), result.cpu().parse(), result.cpu().ingest(), result.cpu().postgres(),
                        result.cpu().other()));
                results.add(result);
            }
        }

        log("counting stored readings");
        Map<String, Long> stored = StoredReadings.countByDevice(database.parseDatabaseUri());
        Report.Results report = Report.assemble(machine, options, results, stored, notes);
        String markdown = Report.markdown(report);
        System.out.println();
        System.out.println(markdown);
        Report.write(report, options.output());
        log("wrote " + options.output().toAbsolutePath().resolve("bench-results.md") + " and .json");
        http.close();
        ingest.ifPresent(QuarkusAppProcess::stop);
        return report;
    }

    /**
     * A freshly started JVM runs its first seconds interpreted; Parse gets warm in the first phases anyway. So the
     * ingest phases run once, unreported, on devices of their own, before round 1.
     */
    private void warmUpIngest(ClosedLoop loop, BenchFleet fleet, List<PhasePlan> plan) throws Exception {
        List<PhasePlan> ingestPhases = plan.stream().filter(p -> p.name().startsWith("ingest")).toList();
        if (ingestPhases.isEmpty() || options.serviceWarmup().isZero()) {
            return;
        }
        Duration each = options.serviceWarmup().dividedBy(ingestPhases.size());
        List<BenchDevice> devices = fleet.createDevices("warmup", options.devicesPerPhase());
        log("warming up telemetry-ingest for " + options.serviceWarmup().toSeconds() + " s (not reported)");
        for (PhasePlan phase : ingestPhases) {
            loop.run(phase.name(), phase.concurrency(), 0, phase.workload(), devices, Duration.ZERO, each, null, 0);
        }
    }

    /** The phases of one round, in the order they run. */
    private List<PhasePlan> plan(ParseRest parse, HttpJson http, Optional<QuarkusAppProcess> ingest) {
        List<PhasePlan> plan = new ArrayList<>();
        int batch = options.batchSize();
        for (int concurrency : options.parseBatchConcurrency()) {
            plan.add(new PhasePlan(Report.PARSE_BATCH, concurrency, new ParseBatchWorkload(parse, batch), null, batch));
        }
        plan.add(new PhasePlan(Report.SEED, options.seedConcurrency(), new SeedHandlerWorkload(parse), null, 1));
        ingest.ifPresent(app -> {
            IngestMetrics metrics = new IngestMetrics(app.url());
            for (int concurrency : options.ingestConcurrency()) {
                plan.add(new PhasePlan(Report.INGEST_SINGLE, concurrency, new IngestWorkload(http, app.url(), 1),
                        metrics, 0));
            }
            plan.add(new PhasePlan(Report.INGEST_BATCH, options.ingestBatchConcurrency(),
                    new IngestWorkload(http, app.url(), batch), metrics, 0));
        });
        return plan;
    }

    private record PhasePlan(String name, int concurrency, Workload workload, IngestMetrics ingestMetrics,
            double fixedBatchSize) {
        String cohort(int round) {
            return name + "-c" + concurrency + "-r" + round;
        }
    }

    private Optional<QuarkusAppProcess> startIngest(ParseServerProcess parseServer) {
        Path jar = root.resolve(INGEST_MODULE).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            notes.add("Phases (3) and (4) were not run: " + jar + " is missing (build services/telemetry-ingest).");
            log("WARNING: " + jar + " is missing; running phases (1) and (2) only");
            return Optional.empty();
        }
        Map<String, String> config = new LinkedHashMap<>(parseServer.clientConfig());
        log("starting auth-gateway (the ingest service's readiness may depend on it)");
        QuarkusAppProcess gateway = new QuarkusAppProcess(GATEWAY_MODULE, parseServer.clientConfig()).start();
        config.put("pifleet.auth-gateway.url", gateway.url());
        config.putAll(INGEST_DEFAULTS);
        config.putAll(options.ingestProperties());
        log("starting telemetry-ingest with " + String.join(" ", config.keySet().stream()
                .filter(key -> !key.contains("master-key")).map(key -> key + "=" + config.get(key)).toList()));
        return Optional.of(new QuarkusAppProcess(INGEST_MODULE, config).start());
    }

    /** Parse and the services are this JVM's children; PostgreSQL backends name the database in their title. */
    private static Map<CpuMeter.Role, java.util.function.Predicate<CpuMeter.ProcessView>> roles(TestDatabase database) {
        long self = ProcessHandle.current().pid();
        return Map.of(
                CpuMeter.Role.BENCH, process -> process.pid() == self,
                CpuMeter.Role.PARSE, process -> isChild(process.pid(), self) && process.commandLine().contains("index.js"),
                CpuMeter.Role.INGEST, process -> isChild(process.pid(), self)
                        && process.commandLine().contains(INGEST_MODULE.substring(INGEST_MODULE.indexOf('/') + 1)),
                CpuMeter.Role.POSTGRES, process -> process.commandLine().startsWith("postgres:")
                        && process.commandLine().contains(database.name()));
    }

    private static boolean isChild(long pid, long parent) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L) == parent;
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
