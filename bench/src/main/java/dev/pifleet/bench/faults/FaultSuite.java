package dev.pifleet.bench.faults;

import dev.pifleet.bench.BenchDevice;
import dev.pifleet.bench.BenchFleet;
import dev.pifleet.bench.HttpJson;
import dev.pifleet.bench.ParseRest;
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
 * the time to recover. Run by {@code ./scripts/chaos}, which gives it a throwaway PostgreSQL cluster. Every wait
 * is bounded; everything it starts is stopped at exit.
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

    private ParseServerProcess parseServer;
    private QuarkusAppProcess ingest;

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
        log("fresh database on PostgreSQL " + options.postgresPort() + ", Parse Server, auth-gateway, telemetry-ingest");
        TestDatabase database = TestDatabase.createFresh();
        parseServer = new ParseServerProcess(database.parseDatabaseUri());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            parseServer.stop();
            database.drop();
        }, "drop-fault-database"));
        parseServer.start();
        QuarkusAppProcess gateway = new QuarkusAppProcess(GATEWAY_MODULE, parseServer.clientConfig()).start();
        Map<String, String> config = new LinkedHashMap<>(parseServer.clientConfig());
        config.put("pifleet.auth-gateway.url", gateway.url());
        // The suite's devices each send far more than a real one: the per-device limiter is not what is tested.
        config.put("pifleet.ingest.rate-limit.readings-per-second", "1000000");
        config.put("pifleet.ingest.rate-limit.burst", "1000000");
        config.put("quarkus.log.level", "WARN");
        ingest = new QuarkusAppProcess(INGEST_MODULE, config).start();

        try (HttpJson http = new HttpJson()) {
            BenchFleet fleet = new BenchFleet(new ParseRest(http, parseServer.url(), parseServer.appId(),
                    parseServer.masterKey()));
            fleet.signUpOwners(1);
            for (Fault fault : faults()) {
                if (!options.selected(fault.name())) {
                    continue;
                }
                log("== " + fault.name() + ": " + fault.description());
                results.add(underLoad(fault, http, fleet, database));
            }
            if (options.selected(FaultResult.AGENT_OFFLINE)) {
                log("== " + FaultResult.AGENT_OFFLINE);
                results.add(agentOffline(http, fleet, database));
            }
        } finally {
            ingest.stop();
            gateway.stop();
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
        faults.add(new Fault("parse-kill", "SIGKILL Parse Server, " + hold.toSeconds() + " s down, start it again",
                () -> {
                    ChildProcess.kill(ChildProcess.find("index.js"));
                    Thread.sleep(hold);
                },
                () -> parseServer.start()));
        faults.add(new Fault("ingest-kill", "SIGKILL telemetry-ingest, " + hold.toSeconds() + " s down, start it again",
                () -> {
                    ChildProcess.kill(ChildProcess.find(INGEST_MODULE));
                    Thread.sleep(hold);
                },
                () -> ingest.start()));
        if (options.postgresStop().isPresent() && options.postgresStart().isPresent()) {
            faults.add(new Fault("postgres-stop", "`pg_ctl stop -m immediate`, " + hold.toSeconds()
                    + " s down, `pg_ctl start`",
                    () -> {
                        ChildProcess.shell(options.postgresStop().get(), 60);
                        Thread.sleep(hold);
                    },
                    () -> {
                        ChildProcess.shell(options.postgresStart().get(), 120);
                        if (!parseServer.isRunning()) {
                            notes.add("postgres-stop: Parse Server exited while PostgreSQL was down; restarted.");
                            parseServer.start();
                        }
                    }));
        } else {
            notes.add("postgres-stop was not run: it needs the throwaway cluster of ./scripts/chaos "
                    + "(PIFLEET_CHAOS_PG_STOP/START); the suite never stops a shared PostgreSQL.");
        }
        Duration freeze = options.freeze();
        faults.add(new Fault("parse-sigstop", "SIGSTOP Parse Server for " + freeze.toSeconds() + " s, then SIGCONT",
                () -> {
                    ChildProcess.signal(ChildProcess.find("index.js"), "STOP");
                    Thread.sleep(freeze);
                },
                () -> ChildProcess.signal(ChildProcess.find("index.js"), "CONT")));
        return faults;
    }

    private FaultResult underLoad(Fault fault, HttpJson http, BenchFleet fleet, TestDatabase database)
            throws Exception {
        List<BenchDevice> devices = fleet.createDevices(fault.name(), options.workers());
        Duration hardLimit = options.steady().multipliedBy(2).plus(options.hold()).plus(options.freeze())
                .plus(RECOVERY_LIMIT).plus(Duration.ofSeconds(60));
        SteadyLoad load = new SteadyLoad(http, ingest.url(), devices, options.batchSize(), options.period(),
                hardLimit, fault.name() + "-" + Long.toHexString(System.nanoTime()));
        load.start();
        Thread.sleep(options.steady());
        long beforeFault = load.acknowledgementsBetween(Long.MIN_VALUE, System.nanoTime());

        long injectedAt = System.nanoTime();
        fault.inject().run();
        long healedAt = System.nanoTime();
        fault.heal().run();
        log(String.format("  healed after %.1f s down", (healedAt - injectedAt) / 1e9));

        Optional<Long> firstAck = Optional.empty();
        long recoveryDeadline = healedAt + RECOVERY_LIMIT.toNanos();
        while (firstAck.isEmpty() && System.nanoTime() < recoveryDeadline) {
            firstAck = load.firstAckAfter(healedAt);
            Thread.sleep(50);
        }
        Thread.sleep(options.steady());
        boolean drained = load.stop();
        if (!drained) {
            notes.add(fault.name() + ": some batches were still unanswered when the load's time limit ran out.");
        }
        Map<String, Long> rows = StoredRows.perReadingId(database.parseDatabaseUri(),
                devices.stream().map(BenchDevice::objectId).toList());
        FaultTally tally = FaultTally.of(load.acknowledgedIds(), rows);
        Optional<Duration> recovery = firstAck.map(at -> Duration.ofNanos(at - healedAt));
        load.failureSamples().forEach((kind, sample) -> {
            if (kind.startsWith("5") || kind.startsWith("4")) {
                notes.add(fault.name() + ": first " + kind + " answer: `" + sample.replace('`', '\'') + "`");
            }
        });
        log(String.format("  %s; %d acknowledged batches before the fault; recovery %s; failed attempts %s",
                tally, beforeFault, recovery.map(FaultResult::seconds).orElse("none"), load.failures()));
        return new FaultResult(fault.name(), fault.description(), Duration.ofNanos(healedAt - injectedAt), tally,
                recovery, load.requests(), load.failures(), load.refusedReadings());
    }

    private FaultResult agentOffline(HttpJson http, BenchFleet fleet, TestDatabase database) throws Exception {
        BenchDevice device = fleet.createDevices(FaultResult.AGENT_OFFLINE, 1).getFirst();
        AgentOutage outage = new AgentOutage(http, ingest.url(), FaultSuite::log);
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
