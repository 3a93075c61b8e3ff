package dev.pifleet.bench.faults;

import dev.pifleet.bench.BenchDevice;
import dev.pifleet.bench.BenchFleet;
import dev.pifleet.bench.HttpJson;
import dev.pifleet.bench.LoopbackProxy;
import dev.pifleet.bench.ParseRest;
import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.ParseServerProcess;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fault suite: under a steady load of batched readings with ids, one fault at a time (Parse Server killed,
 * telemetry-ingest killed, PostgreSQL stopped hard, Parse Server frozen), then an agent cut off from the cloud
 * with a long backlog. For each: readings acknowledged, stored, lost and duplicated (counted from PostgreSQL) and
 * the time to recover. With {@code --mqtt} a second load sends the same batches over MQTT (QoS 1) and is tallied
 * apart; with {@code --replicas 2} two Parse Servers and two ingest replicas run behind loopback round-robins
 * ({@link LoopbackProxy}) and each fault hits one of them. Run by {@code ./scripts/chaos}, which gives it a
 * throwaway PostgreSQL cluster. Every wait is bounded; everything it starts is stopped at exit.
 */
public final class FaultSuite {

    private static final String INGEST_MODULE = "services/telemetry-ingest";
    private static final String GATEWAY_MODULE = "services/auth-gateway";
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(120);
    /** Resets are what the faults cause and the table counts them; Vert.x would also log each one as SEVERE. */
    private static final java.util.logging.Logger CONNECTION_LOG =
            java.util.logging.Logger.getLogger("io.vertx.core.net.impl.ConnectionBase");

    private final FaultOptions options;
    private final List<FaultResult> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** The first is the one the faults hit; with --replicas 2 the second keeps serving. */
    private final List<ParseServerProcess> parseServers = new ArrayList<>();
    private final List<QuarkusAppProcess> ingests = new ArrayList<>();
    private final List<LoopbackProxy> proxies = new ArrayList<>();
    /** Where the load goes: the ingest, or the round-robin in front of the replicas. */
    private String ingestUrl;
    private int mqttPort;

    private FaultSuite(FaultOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        CONNECTION_LOG.setLevel(java.util.logging.Level.OFF);
        FaultOptions options;
        try {
            options = FaultOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println((e.getMessage().isEmpty() ? "" : e.getMessage() + "\n") + FaultOptions.USAGE);
            System.exit(2);
            return;
        }
        boolean clean = new FaultSuite(options).run();
        System.exit(clean ? 0 : 1);
    }

    private boolean run() throws Exception {
        Instant started = Instant.now();
        int replicas = options.replicas();
        log("fresh database on PostgreSQL " + options.postgresPort() + ", " + replicas + " × Parse Server, auth-gateway, "
                + replicas + " × telemetry-ingest" + (options.mqtt() ? " (with MQTT)" : ""));
        TestDatabase database = TestDatabase.createFresh();
        ParseServerProcess first = new ParseServerProcess(database.parseDatabaseUri());
        parseServers.add(first);
        for (int i = 1; i < replicas; i++) {
            parseServers.add(first.sibling());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxies.forEach(LoopbackProxy::close);
            parseServers.forEach(ParseServerProcess::stop);
            database.drop();
        }, "drop-fault-database"));
        // One after the other: each migrates the schema at start.
        parseServers.forEach(ParseServerProcess::start);
        Map<String, String> parseConfig = new LinkedHashMap<>(first.clientConfig());
        if (replicas > 1) {
            LoopbackProxy parseProxy = roundRobin(parseServers.stream().map(ParseServerProcess::port).toList());
            parseConfig.put("parse.url", "http://127.0.0.1:" + parseProxy.port() + "/parse");
        }
        QuarkusAppProcess gateway = new QuarkusAppProcess(GATEWAY_MODULE, parseConfig).start();
        List<Integer> mqttPorts = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            Map<String, String> config = new LinkedHashMap<>(parseConfig);
            config.put("pifleet.auth-gateway.url", gateway.url());
            // The suite's devices each send far more than a real one: the per-device limiter is not what is tested.
            config.put("pifleet.ingest.rate-limit.readings-per-second", "1000000");
            config.put("pifleet.ingest.rate-limit.burst", "1000000");
            config.put("quarkus.log.level", "WARN");
            if (options.mqtt()) {
                int port = FreePort.find();
                mqttPorts.add(port);
                config.put("pifleet.mqtt.enabled", "true");
                config.put("pifleet.mqtt.host", "127.0.0.1");
                config.put("pifleet.mqtt.port", String.valueOf(port));
                config.put("pifleet.mqtt.plain-allowed", "true");
            }
            ingests.add(new QuarkusAppProcess(INGEST_MODULE, config).start());
        }
        if (replicas > 1) {
            ingestUrl = "http://127.0.0.1:" + roundRobin(ingests.stream().map(QuarkusAppProcess::port).toList()).port();
            mqttPort = options.mqtt() ? roundRobin(mqttPorts).port() : -1;
        } else {
            ingestUrl = ingests.getFirst().url();
            mqttPort = options.mqtt() ? mqttPorts.getFirst() : -1;
        }

        try (HttpJson http = new HttpJson()) {
            BenchFleet fleet = new BenchFleet(new ParseRest(http, first.url(), first.appId(), first.masterKey()));
            fleet.signUpOwners(1);
            for (Fault fault : faults()) {
                if (!options.selected(fault.name())) {
                    continue;
                }
                log("== " + fault.name() + ": " + fault.description());
                results.addAll(underLoad(fault, http, fleet, database));
            }
            if (options.selected(FaultResult.AGENT_OFFLINE)) {
                log("== " + FaultResult.AGENT_OFFLINE);
                results.add(agentOffline(http, fleet, database));
            }
        } finally {
            ingests.forEach(QuarkusAppProcess::stop);
            gateway.stop();
            proxies.forEach(LoopbackProxy::close);
        }

        String markdown = FaultResult.markdown(results, notes, started, options);
        System.out.println();
        System.out.println(markdown);
        Path output = options.output().toAbsolutePath();
        Files.createDirectories(output);
        Files.writeString(output.resolve("fault-results.md"), markdown);
        log("wrote " + output.resolve("fault-results.md"));
        return results.stream().allMatch(FaultResult::ok);
    }

    /** One fault: inject() makes it happen, heal() ends it; both return when done. */
    private record Fault(String name, String description, Step inject, Step heal) {
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private List<Fault> faults() {
        List<Fault> faults = new ArrayList<>();
        Duration hold = options.hold();
        ParseServerProcess parseServer = parseServers.getFirst();
        QuarkusAppProcess ingest = ingests.getFirst();
        String oneParse = parseServers.size() > 1 ? "one of " + parseServers.size() + " Parse Servers" : "Parse Server";
        String oneIngest = ingests.size() > 1 ? "one of " + ingests.size() + " telemetry-ingest replicas" : "telemetry-ingest";
        faults.add(new Fault("parse-kill", "SIGKILL " + oneParse + ", " + hold.toSeconds() + " s down, start it again",
                () -> {
                    ChildProcess.kill(running(parseServer.handle(), "Parse Server"));
                    Thread.sleep(hold);
                },
                parseServer::start));
        faults.add(new Fault("ingest-kill", "SIGKILL " + oneIngest + ", " + hold.toSeconds() + " s down, start it again",
                () -> {
                    ChildProcess.kill(running(ingest.handle(), INGEST_MODULE));
                    Thread.sleep(hold);
                },
                ingest::start));
        if (options.postgresStop().isPresent() && options.postgresStart().isPresent()) {
            faults.add(new Fault("postgres-stop", "`pg_ctl stop -m immediate`, " + hold.toSeconds()
                    + " s down, `pg_ctl start`",
                    () -> {
                        ChildProcess.shell(options.postgresStop().get(), 60);
                        Thread.sleep(hold);
                    },
                    () -> {
                        ChildProcess.shell(options.postgresStart().get(), 120);
                        for (ParseServerProcess server : parseServers) {
                            if (!server.isRunning()) {
                                notes.add("postgres-stop: a Parse Server exited while PostgreSQL was down; restarted.");
                                server.start();
                            }
                        }
                    }));
        } else {
            notes.add("postgres-stop was not run: it needs the throwaway cluster of ./scripts/chaos "
                    + "(PIFLEET_CHAOS_PG_STOP/START); the suite never stops a shared PostgreSQL.");
        }
        Duration freeze = options.freeze();
        faults.add(new Fault("parse-sigstop", "SIGSTOP " + oneParse + " for " + freeze.toSeconds() + " s, then SIGCONT",
                () -> {
                    ChildProcess.signal(running(parseServer.handle(), "Parse Server"), "STOP");
                    Thread.sleep(freeze);
                },
                () -> ChildProcess.signal(running(parseServer.handle(), "Parse Server"), "CONT")));
        return faults;
    }

    /** A load on devices of its own, tallied apart: the HTTP one, and with --mqtt the MQTT one. */
    private record LoadPath(String suffix, SteadyLoad load, List<BenchDevice> devices) {
    }

    private List<FaultResult> underLoad(Fault fault, HttpJson http, BenchFleet fleet, TestDatabase database)
            throws Exception {
        Duration hardLimit = options.steady().multipliedBy(2).plus(options.hold()).plus(options.freeze())
                .plus(RECOVERY_LIMIT).plus(Duration.ofSeconds(60));
        List<LoadPath> paths = new ArrayList<>();
        List<BenchDevice> httpDevices = fleet.createDevices(fault.name(), options.workers());
        paths.add(new LoadPath("", new SteadyLoad(new HttpSender(http, ingestUrl), httpDevices, options.batchSize(),
                options.period(), hardLimit, fault.name() + "-" + Long.toHexString(System.nanoTime())), httpDevices));
        MqttSender mqtt = null;
        if (options.mqtt()) {
            mqtt = new MqttSender(http.vertx(), mqttPort);
            List<BenchDevice> mqttDevices = fleet.createDevices(fault.name() + "-mqtt", options.workers());
            paths.add(new LoadPath(FaultResult.MQTT_SUFFIX, new SteadyLoad(mqtt, mqttDevices, options.batchSize(), options.period(),
                    hardLimit, fault.name() + "-mqtt-" + Long.toHexString(System.nanoTime())), mqttDevices));
        }
        paths.forEach(path -> path.load().start());
        Thread.sleep(options.steady());
        long beforeFault = paths.getFirst().load().acknowledgementsBetween(Long.MIN_VALUE, System.nanoTime());

        long injectedAt = System.nanoTime();
        fault.inject().run();
        long healedAt = System.nanoTime();
        fault.heal().run();
        log(String.format("  healed after %.1f s down", (healedAt - injectedAt) / 1e9));

        long recoveryDeadline = healedAt + RECOVERY_LIMIT.toNanos();
        while (System.nanoTime() < recoveryDeadline
                && paths.stream().anyMatch(path -> path.load().firstAckAfter(healedAt).isEmpty())) {
            Thread.sleep(50);
        }
        Thread.sleep(options.steady());
        List<FaultResult> faultResults = new ArrayList<>();
        for (LoadPath path : paths) {
            SteadyLoad load = path.load();
            String name = fault.name() + path.suffix();
            if (!load.stop()) {
                notes.add(name + ": some batches were still unanswered when the load's time limit ran out.");
            }
            Map<String, Long> rows = StoredRows.perReadingId(database.parseDatabaseUri(),
                    path.devices().stream().map(BenchDevice::objectId).toList());
            FaultTally tally = FaultTally.of(load.acknowledgedIds(), rows);
            Optional<Duration> recovery = load.firstAckAfter(healedAt).map(at -> Duration.ofNanos(at - healedAt));
            load.failureSamples().forEach((kind, sample) -> {
                if (kind.startsWith("5") || kind.startsWith("4")) {
                    notes.add(name + ": first " + kind + " answer: `" + sample.replace('`', '\'') + "`");
                }
            });
            log(String.format("  %s: %s; %d acknowledged batches before the fault; recovery %s; failed attempts %s",
                    name, tally, beforeFault, recovery.map(FaultResult::seconds).orElse("none"), load.failures()));
            faultResults.add(new FaultResult(name, fault.description(), Duration.ofNanos(healedAt - injectedAt), tally,
                    recovery, load.requests(), load.failures(), load.refusedReadings()));
        }
        if (mqtt != null) {
            mqtt.close();
        }
        return faultResults;
    }

    private static ProcessHandle running(Optional<ProcessHandle> process, String what) {
        return process.orElseThrow(() -> new IllegalStateException(what + " is not running"));
    }

    /** A loopback round-robin over these ports, stopped at exit. */
    private LoopbackProxy roundRobin(List<Integer> ports) throws java.io.IOException {
        LoopbackProxy proxy = new LoopbackProxy(FreePort.find(), ports).connect();
        proxies.add(proxy);
        return proxy;
    }

    private FaultResult agentOffline(HttpJson http, BenchFleet fleet, TestDatabase database) throws Exception {
        BenchDevice device = fleet.createDevices(FaultResult.AGENT_OFFLINE, 1).getFirst();
        AgentOutage outage = new AgentOutage(http, ingestUrl, FaultSuite::log);
        AgentOutage.Outcome outcome = outage.run(device, options.agentBacklog(), options.steady(),
                Duration.ofSeconds(300));
        Map<String, Long> rows = StoredRows.perReadingId(database.parseDatabaseUri(), List.of(device.objectId()));
        FaultTally tally = FaultTally.of(outcome.acknowledged(), rows);
        if (!outcome.note().isEmpty()) {
            notes.add(FaultResult.AGENT_OFFLINE + ": " + outcome.note());
        }
        if (outcome.drained() != null) {
            notes.add(String.format("%s: the %,d buffered readings were all uploaded %s s after reconnecting.",
                    FaultResult.AGENT_OFFLINE, outcome.backlog(), FaultResult.seconds(outcome.drained())));
        }
        log(String.format("  %s; recovery %s; drained %s", tally,
                outcome.recovery() == null ? "none" : FaultResult.seconds(outcome.recovery()),
                outcome.drained() == null ? "no" : FaultResult.seconds(outcome.drained())));
        return new FaultResult(FaultResult.AGENT_OFFLINE, String.format(
                "pi-agent with %,d buffered readings, its cloud refusing connections, then reconnected",
                outcome.backlog()), outcome.offline(), tally, Optional.ofNullable(outcome.recovery()), 0, Map.of(), 0);
    }

    static void log(String message) {
        System.out.println("[chaos] " + message);
    }
}
