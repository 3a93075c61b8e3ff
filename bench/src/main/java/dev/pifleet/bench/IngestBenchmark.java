package dev.pifleet.bench;

import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.ManagedProcess;
import dev.pifleet.testing.ParseServerProcess;
import dev.pifleet.testing.ProjectPaths;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.TestDatabase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ingest benchmark: one fresh database, one Parse Server, and in rounds side by side
 * (1) the raw Parse {@code /batch} ceiling, (2) the seed's three-round-trip route, (2′) its three calls without
 * the route, (3) telemetry-ingest with one reading per request, (4) telemetry-ingest with batches, and with --mqtt
 * (5) and (6), the same two over the ingest's MQTT endpoint (QoS 1). Prints and writes
 * {@code bench-results.md} and {@code .json}. Every phase is bounded in time and request count; everything it
 * starts is stopped at exit.
 */
public final class IngestBenchmark {

    private static final String INGEST_MODULE = "services/telemetry-ingest";
    private static final String GATEWAY_MODULE = "services/auth-gateway";
    private static final String SEED_ROUTE_DIR = "bench/seed-route";

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
    /** The ingest replicas' MQTT ports, with --mqtt (the first replica's is the only one without --replicas). */
    private final List<Integer> mqttPorts = new ArrayList<>();
    /** Where the phases send: Parse Server and the ingest, or the round-robins in front of their replicas. */
    private String parseUrl;
    private String ingestUrl;
    private int mqttPort;
    private final List<QuarkusAppProcess> extraIngests = new ArrayList<>();
    private final List<ParseServerProcess> extraParseServers = new ArrayList<>();
    private final List<LoopbackProxy> proxies = new ArrayList<>();

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
        FreshParse fresh = FreshParse.start();
        TestDatabase database = fresh.database();
        ParseServerProcess parseServer = fresh.server();
        parseUrl = parseServer.url();
        if (options.replicas() > 1) {
            List<Integer> ports = new ArrayList<>(List.of(parseServer.port()));
            for (int i = 1; i < options.replicas(); i++) {
                ParseServerProcess sibling = parseServer.sibling();
                Runtime.getRuntime().addShutdownHook(new Thread(sibling::stop, "stop-parse-replica"));
                sibling.start();
                extraParseServers.add(sibling);
                ports.add(sibling.port());
            }
            parseUrl = "http://127.0.0.1:" + roundRobin(ports).port() + "/parse";
            log(options.replicas() + " Parse Servers behind a loopback round-robin: " + parseUrl);
            notes.add(options.replicas() + " Parse Servers on the database and " + options.replicas()
                    + " ingest replicas, each pair behind a loopback TCP round-robin (`LoopbackProxy`); every phase "
                    + "went through the round-robins. Readings per Parse request are the first ingest replica's.");
        }
        MachineInfo machine = MachineInfo.describe(root, StoredReadings.postgresVersion(database.parseDatabaseUri()));

        Optional<SeedRoute> seedRoute = startSeedRoute(parseServer);
        Optional<QuarkusAppProcess> ingest = options.runIngest() ? startIngest(parseServer) : Optional.empty();

        HttpJson http = new HttpJson();
        ParseRest parse = new ParseRest(http, parseUrl, parseServer.appId(), parseServer.masterKey());
        CpuMeter cpuMeter = new CpuMeter(roles(database));
        ClosedLoop loop = new ClosedLoop(http.vertx(), cpuMeter);

        List<PhasePlan> plan = plan(parse, http, seedRoute, ingest);
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

        if (options.oldReadings() > 0) {
            storeOldReadings(parse, fleet.createDevices("old", 1).getFirst());
        }
        warmUpServices(loop, fleet, plan);

        List<BenchDevice> pollers = ingest.isPresent() && options.idleLongPolls() > 0
                ? fleet.createDevices("idle-polls", options.idleLongPolls()) : List.of();
        List<PhaseResult> results = new ArrayList<>();
        IdleLongPolls polls = null;
        for (int round = 1; round <= options.rounds(); round++) {
            for (PhasePlan phase : plan) {
                if (phase.withPolls() && polls == null) {
                    polls = new IdleLongPolls(ingestUrl, pollers, options.longPollSeconds());
                    log(String.format("opening %,d idle long-polls (waitSeconds=%d)", pollers.size(),
                            options.longPollSeconds()));
                    polls.start();
                    log(String.format("  the ingest holds long-polls of %,.0f devices", polls.heldByIngest()));
                } else if (!phase.withPolls() && polls != null) {
                    closePolls(polls);
                    polls = null;
                }
                log(String.format("round %d/%d: %s at concurrency %d", round, options.rounds(), phase.name(),
                        phase.concurrency()));
                PhaseResult result = loop.run(phase.name(), phase.concurrency(), round, phase.workload(),
                        devices.get(phase.cohort(round)), options.warmup(), options.phase(), phase.ingestMetrics(),
                        phase.fixedBatchSize());
                log(String.format("  %,.0f readings/s, p50 %.1f ms, p99 %.1f ms, %d errors, %.1f readings per Parse request; cores: bench %.2f, parse %.2f, service %.2f, postgres %.2f, other %.2f",
                        result.readingsPerSecond(), result.p50Millis(), result.p99Millis(), result.errors(),
                        result.readingsPerParseBatch(),
                        result.cpu().bench(), result.cpu().parse(), result.cpu().service(), result.cpu().postgres(),
                        result.cpu().other()));
                results.add(result);
            }
        }
        if (polls != null) {
            closePolls(polls);
        }

        ingest.ifPresent(app -> notes.add(retentionNote(app)));
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
        extraIngests.forEach(QuarkusAppProcess::stop);
        seedRoute.ifPresent(route -> route.process().stop());
        proxies.forEach(LoopbackProxy::close);
        extraParseServers.forEach(ParseServerProcess::stop);
        return report;
    }

    private void closePolls(IdleLongPolls polls) {
        log(String.format("closing the idle long-polls: %,d answered empty, %,d failed", polls.answered(), polls.failed()));
        if (polls.failed() > 0) {
            notes.add(String.format("%,d of the idle long-polls failed (answered %,d).", polls.failed(), polls.answered()));
        }
        polls.close();
    }

    /**
     * Readings older than the retention, for the retention job to delete while the phases run: what deleting costs
     * the ingest shows against a run without them (docs/benchmarks.md).
     */
    private void storeOldReadings(ParseRest parse, BenchDevice device) throws Exception {
        log(String.format("storing %,d readings 120 days old for the retention job", options.oldReadings()));
        Instant old = Instant.now().minus(Duration.ofDays(120));
        for (int stored = 0; stored < options.oldReadings(); stored += 100) {
            List<ObjectNode> creates = new ArrayList<>();
            for (int i = stored; i < Math.min(options.oldReadings(), stored + 100); i++) {
                creates.add(parse.createOperation(ParseBatchWorkload.sensorLog(device, old.plusMillis(i), "old-" + i)));
            }
            HttpJson.await(parse.batch(creates));
        }
        notes.add(String.format("%,d readings 120 days old were stored before round 1 for the retention job "
                + "(pifleet.retention.* as given) to delete while the phases ran.", options.oldReadings()));
    }

    private static String retentionNote(QuarkusAppProcess ingest) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String metrics = client.send(HttpRequest.newBuilder(URI.create(ingest.url() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith("pifleet_retention_deleted_total")
                            || line.startsWith("pifleet_rollup_readings_total"))
                    .collect(Collectors.joining("; ", "At the end, the ingest's background jobs had counted: ", "."));
        } catch (Exception e) {
            return "The ingest's job metrics could not be read: " + e.getMessage();
        }
    }

    /**
     * A freshly started JVM runs its first seconds interpreted; Parse gets warm in the first phases anyway. So the
     * phases through a service (the seed's route and telemetry-ingest) run once, unreported, on devices of their
     * own, before round 1.
     */
    private void warmUpServices(ClosedLoop loop, BenchFleet fleet, List<PhasePlan> plan) throws Exception {
        List<PhasePlan> servicePhases = plan.stream().filter(p -> !p.withPolls())
                .filter(p -> p.name().startsWith("ingest") || p.name().equals(Report.SEED)).toList();
        if (servicePhases.isEmpty() || options.serviceWarmup().isZero()) {
            return;
        }
        Duration each = options.serviceWarmup().dividedBy(servicePhases.size());
        List<BenchDevice> devices = fleet.createDevices("warmup", options.devicesPerPhase());
        log("warming up the services for " + options.serviceWarmup().toSeconds() + " s (not reported)");
        for (PhasePlan phase : servicePhases) {
            loop.run(phase.name(), phase.concurrency(), 0, phase.workload(), devices, Duration.ZERO, each, null, 0);
        }
    }

    /** The phases of one round, in the order they run. */
    private List<PhasePlan> plan(ParseRest parse, HttpJson http, Optional<SeedRoute> seedRoute,
            Optional<QuarkusAppProcess> ingest) {
        List<PhasePlan> plan = new ArrayList<>();
        int batch = options.batchSize();
        for (int concurrency : options.parseBatchConcurrency()) {
            plan.add(new PhasePlan(Report.PARSE_BATCH, concurrency, new ParseBatchWorkload(parse, batch), null, batch, false));
        }
        seedRoute.ifPresent(route -> plan.add(new PhasePlan(Report.SEED, options.seedConcurrency(),
                new DeviceDataWorkload(http, route.url(), 1), null, 1, false)));
        plan.add(new PhasePlan(Report.SEED_CALLS, options.seedConcurrency(), new SeedCallsWorkload(parse), null, 1, false));
        ingest.ifPresent(app -> {
            IngestMetrics metrics = new IngestMetrics(app.url());
            // The "+polls" copies run last in the round, back to back, while the idle long-polls are held.
            for (boolean withPolls : options.idleLongPolls() > 0 ? List.of(false, true) : List.of(false)) {
                String suffix = withPolls ? Report.WITH_POLLS : "";
                for (int concurrency : options.ingestConcurrency()) {
                    plan.add(new PhasePlan(Report.INGEST_SINGLE + suffix, concurrency,
                            new DeviceDataWorkload(http, ingestUrl, 1), metrics, 0, withPolls));
                }
                plan.add(new PhasePlan(Report.INGEST_BATCH + suffix, options.ingestBatchConcurrency(),
                        new DeviceDataWorkload(http, ingestUrl, batch), metrics, 0, withPolls));
                if (options.mqtt() && !withPolls) {
                    for (int concurrency : options.ingestConcurrency()) {
                        plan.add(new PhasePlan(Report.MQTT_SINGLE, concurrency, new MqttWorkload(http.vertx(), mqttPort, 1),
                                metrics, 0, false));
                    }
                    plan.add(new PhasePlan(Report.MQTT_BATCH, options.ingestBatchConcurrency(),
                            new MqttWorkload(http.vertx(), mqttPort, batch), metrics, 0, false));
                }
            }
        });
        return plan;
    }

    /** @param withPolls whether the idle long-polls are held while the phase runs */
    private record PhasePlan(String name, int concurrency, Workload workload, IngestMetrics ingestMetrics,
            double fixedBatchSize, boolean withPolls) {
        String cohort(int round) {
            return name + "-c" + concurrency + "-r" + round;
        }
    }

    private record SeedRoute(ManagedProcess process, String url) {
    }

    /** The seed's route on plain Node ({@code bench/seed-route}), in front of the same Parse Server. */
    private Optional<SeedRoute> startSeedRoute(ParseServerProcess parseServer) {
        Path directory = root.resolve(SEED_ROUTE_DIR);
        if (!Files.isDirectory(directory.resolve("node_modules").resolve("parse"))) {
            notes.add("Phase (2) was not run: " + directory + "/node_modules is missing (./scripts/bench installs it).");
            log("WARNING: " + directory + "/node_modules is missing; phase (2) is not run");
            return Optional.empty();
        }
        int port = FreePort.find();
        Map<String, String> environment = Map.of(
                "PARSE_APP_ID", parseServer.appId(),
                "PARSE_MASTER_KEY", parseServer.masterKey(),
                "PARSE_SERVER_URL", parseUrl,
                "SEED_ROUTE_PORT", String.valueOf(port));
        String node = System.getenv().getOrDefault("PIFLEET_NODE", "node");
        String url = "http://127.0.0.1:" + port;
        log("starting the seed's route at " + url);
        ManagedProcess route = new ManagedProcess("seed-route", List.of(node, "server.js"), directory, environment,
                URI.create(url + "/health"), ProjectPaths.processLogs().resolve("seed-route-" + port + ".log"));
        route.start(Duration.ofSeconds(30));
        return Optional.of(new SeedRoute(route, url));
    }

    private Optional<QuarkusAppProcess> startIngest(ParseServerProcess parseServer) {
        Path jar = root.resolve(INGEST_MODULE).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            notes.add("Phases (3) and (4) were not run: " + jar + " is missing (build services/telemetry-ingest).");
            log("WARNING: " + jar + " is missing; running phases (1) and (2) only");
            return Optional.empty();
        }
        Map<String, String> config = new LinkedHashMap<>(parseServer.clientConfig());
        config.put("parse.url", parseUrl);
        log("starting auth-gateway (the ingest service's readiness may depend on it)");
        QuarkusAppProcess gateway = new QuarkusAppProcess(GATEWAY_MODULE, Map.copyOf(config)).start();
        config.put("pifleet.auth-gateway.url", gateway.url());
        config.putAll(INGEST_DEFAULTS);
        config.putAll(options.ingestProperties());
        List<QuarkusAppProcess> replicas = new ArrayList<>();
        for (int i = 0; i < options.replicas(); i++) {
            Map<String, String> replica = new LinkedHashMap<>(config);
            if (options.mqtt()) {
                // Plain TCP on loopback, as ./scripts/run serves it; a free port, never the local run's 1884.
                int port = FreePort.find();
                mqttPorts.add(port);
                replica.put("pifleet.mqtt.enabled", "true");
                replica.put("pifleet.mqtt.host", "127.0.0.1");
                replica.put("pifleet.mqtt.port", String.valueOf(port));
                replica.put("pifleet.mqtt.plain-allowed", "true");
            }
            log("starting telemetry-ingest with " + String.join(" ", replica.keySet().stream()
                    .filter(key -> !key.contains("master-key")).map(key -> key + "=" + replica.get(key)).toList()));
            replicas.add(new QuarkusAppProcess(INGEST_MODULE, replica).start());
        }
        extraIngests.addAll(replicas.subList(1, replicas.size()));
        if (replicas.size() > 1) {
            ingestUrl = "http://127.0.0.1:" + roundRobin(replicas.stream().map(QuarkusAppProcess::port).toList()).port();
            mqttPort = options.mqtt() ? roundRobin(mqttPorts).port() : -1;
            log(replicas.size() + " ingest replicas behind a loopback round-robin: " + ingestUrl
                    + (options.mqtt() ? ", MQTT on port " + mqttPort : ""));
        } else {
            ingestUrl = replicas.getFirst().url();
            mqttPort = options.mqtt() ? mqttPorts.getFirst() : -1;
        }
        return Optional.of(replicas.getFirst());
    }

    /** A loopback round-robin over these ports, closed at the end. */
    private LoopbackProxy roundRobin(List<Integer> ports) {
        try {
            LoopbackProxy proxy = new LoopbackProxy(FreePort.find(), ports).connect();
            proxies.add(proxy);
            return proxy;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot start a loopback round-robin", e);
        }
    }

    /** Parse and the services are this JVM's children; PostgreSQL backends name the database in their title. */
    static Map<CpuMeter.Role, java.util.function.Predicate<CpuMeter.ProcessView>> roles(TestDatabase database) {
        long self = ProcessHandle.current().pid();
        return Map.of(
                CpuMeter.Role.BENCH, process -> process.pid() == self,
                CpuMeter.Role.PARSE, process -> isChild(process.pid(), self) && process.commandLine().contains("index.js"),
                CpuMeter.Role.SERVICE, process -> isChild(process.pid(), self)
                        && (process.commandLine().contains(INGEST_MODULE.substring(INGEST_MODULE.indexOf('/') + 1))
                        || process.commandLine().contains("server.js")),
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
