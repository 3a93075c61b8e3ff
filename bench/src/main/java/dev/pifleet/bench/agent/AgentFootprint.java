package dev.pifleet.bench.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pi-agent's start time and memory under a ladder of JVM settings, side by side in one run (docs/raspberry-pi.md,
 * "Memory and start time"). Only JDK classes, so it runs straight from source: {@code java AgentFootprint.java}
 * (see {@code scripts/agent-footprint}).
 *
 * <p>Each step adds settings to the one before. Phase 1, one step after the other: a training run where the step
 * needs a class-data archive, then {@code --starts} timed starts each, from process spawn to the first 200 of
 * {@code GET /q/health/ready}. Phase 2, all steps at once: each agent samples its simulated sensors every
 * {@code --reading-interval} (1 s: sixty times the packaged rate, so a minute here is an hour of readings) and uploads
 * them to a loopback stand-in of the ingest that answers 200 like the real one; VmRSS is sampled every 10 s for
 * {@code --minutes}. The ingest is a stub, not the real service: the agent's side of an upload is the same, and the
 * real ingest with Parse and PostgreSQL on this two-core machine would only add noise to the agents' timings.
 * Everything is on loopback, every wait is bounded, and every agent is stopped at the end.
 */
public final class AgentFootprint {

    /** One rung of the ladder: JVM options, Quarkus settings and environment added to the previous rung's. */
    record Step(String name, String adds, List<String> jvm, Map<String, String> quarkus, Map<String, String> env,
            Archive archive) {
    }

    /** A class-data archive the step needs: made by a training run, then used by the timed starts. */
    enum Archive { NONE, DYNAMIC_CDS, AOT_CACHE }

    record Start(double readySeconds, Double quarkusSeconds) {
    }

    record RssSeries(List<Double> minutes, List<Double> mb) {
        double at(double minute) {
            for (int i = 0; i < minutes.size(); i++) {
                if (minutes.get(i) >= minute) {
                    return mb.get(i);
                }
            }
            return mb.isEmpty() ? Double.NaN : mb.getLast();
        }

        double last() {
            return mb.isEmpty() ? Double.NaN : mb.getLast();
        }

        double peak() {
            return mb.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** Least-squares slope over the second half of the run, in MB per hour. */
        double trendPerHour() {
            int from = minutes.size() / 2;
            int n = minutes.size() - from;
            if (n < 3) {
                return Double.NaN;
            }
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int i = from; i < minutes.size(); i++) {
                double x = minutes.get(i), y = mb.get(i);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
            double slopePerMinute = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            return slopePerMinute * 60;
        }
    }

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    private static final Duration READY_LIMIT = Duration.ofSeconds(90);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(120);

    private final Path app;
    private final Path java;
    private final Path work;
    private final int starts;
    private final double minutes;
    private final Duration readingInterval;
    private final List<Process> running = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> uploaded = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpServer ingest;

    private AgentFootprint(Path app, Path java, Path work, int starts, double minutes, Duration readingInterval) {
        this.app = app;
        this.java = java;
        this.work = work;
        this.starts = starts;
        this.minutes = minutes;
        this.readingInterval = readingInterval;
    }

    /** The ladder. Each step keeps everything the steps above it added. */
    static List<Step> ladder() {
        List<Step> steps = new ArrayList<>();
        // The agent's application.properties trims Quarkus's threads; until the few-threads step the ladder puts
        // Quarkus's own defaults back, so each step shows what it buys.
        int cpus = Runtime.getRuntime().availableProcessors();
        steps.add(new Step("baseline", "JDK defaults (G1, heap up to 1/4 of RAM), Quarkus's default thread pools",
                List.of(), Map.of("quarkus.vertx.event-loops-pool-size", Integer.toString(2 * cpus),
                        "quarkus.thread-pool.max-threads", Integer.toString(Math.max(200, 8 * cpus)),
                        "quarkus.vertx.internal-blocking-pool-size", "20"), Map.of(), Archive.NONE));
        steps.add(next(steps, "serial-gc", "`-XX:+UseSerialGC`", List.of("-XX:+UseSerialGC"), Map.of(), Map.of()));
        steps.add(next(steps, "small-heap", "`-Xmx64m -Xss512k`", List.of("-Xmx64m", "-Xss512k"), Map.of(), Map.of()));
        steps.add(next(steps, "c1-only", "`-XX:TieredStopAtLevel=1`", List.of("-XX:TieredStopAtLevel=1"), Map.of(),
                Map.of()));
        steps.add(next(steps, "small-native", "`-XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=96m "
                        + "-XX:MaxDirectMemorySize=16m`, `MALLOC_ARENA_MAX=2`",
                List.of("-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=96m", "-XX:MaxDirectMemorySize=16m"),
                Map.of(), Map.of("MALLOC_ARENA_MAX", "2")));
        steps.add(next(steps, "few-threads", "`quarkus.vertx.event-loops-pool-size=1`, `quarkus.thread-pool.max-threads=8`, "
                        + "`quarkus.vertx.internal-blocking-pool-size=2` (the agent's application.properties)",
                List.of(), Map.of("quarkus.vertx.event-loops-pool-size", "1", "quarkus.thread-pool.max-threads", "8",
                        "quarkus.vertx.internal-blocking-pool-size", "2"), Map.of()));
        // On this machine the initial heap (1/64 of RAM) is the whole 64 MB, and the young generation is touched to
        // its full size before the first collection; a Pi Zero 2 W (512 MB) would start at 8 MB anyway.
        steps.add(next(steps, "lazy-heap", "`-Xms16m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40`",
                List.of("-Xms16m", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40"), Map.of(), Map.of()));
        // glibc keeps freed native memory (C1's compile arenas, the HTTP clients' buffers); the JVM hands it back.
        steps.add(next(steps, "native-trim", "`-XX:TrimNativeHeapInterval=30000 -XX:CICompilerCount=1 -XX:-UsePerfData`",
                List.of("-XX:TrimNativeHeapInterval=30000", "-XX:CICompilerCount=1", "-XX:-UsePerfData"), Map.of(),
                Map.of()));
        Step threads = steps.getLast();
        steps.add(new Step("appcds", "dynamic AppCDS archive (`-XX:SharedArchiveFile=... -XX:+AutoCreateSharedArchive`)",
                threads.jvm(), threads.quarkus(), threads.env(), Archive.DYNAMIC_CDS));
        steps.add(new Step("aot-cache", "instead of AppCDS: the JDK 25 AOT cache (`-XX:AOTCacheOutput` once, "
                + "then `-XX:AOTCache`)", threads.jvm(), threads.quarkus(), threads.env(), Archive.AOT_CACHE));
        // JDK 24+ only (JEP 519), so not something a launcher for Java 21 can rely on.
        steps.add(new Step("compact-headers", "on top of appcds: `-XX:+UseCompactObjectHeaders` (JDK 24+)",
                append(threads.jvm(), "-XX:+UseCompactObjectHeaders"), threads.quarkus(), threads.env(),
                Archive.DYNAMIC_CDS));
        return steps;
    }

    private static List<String> append(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static Step next(List<Step> steps, String name, String adds, List<String> jvm, Map<String, String> quarkus,
            Map<String, String> env) {
        Step previous = steps.getLast();
        List<String> allJvm = new ArrayList<>(previous.jvm());
        allJvm.addAll(jvm);
        Map<String, String> allQuarkus = new LinkedHashMap<>(previous.quarkus());
        allQuarkus.putAll(quarkus);
        Map<String, String> allEnv = new LinkedHashMap<>(previous.env());
        allEnv.putAll(env);
        return new Step(name, adds, allJvm, allQuarkus, allEnv, Archive.NONE);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--app", "edge/pi-agent/target/quarkus-app",
                "--work", "bench/target/agent-footprint", "--starts", "3", "--minutes", "10",
                "--reading-interval", "1s", "--only", "", "--java", System.getProperty("java.home")));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || !options.containsKey(args[i]) || i + 1 >= args.length) {
                System.out.println("usage: AgentFootprint [--app DIR] [--work DIR] [--starts N] [--minutes M]"
                        + " [--reading-interval 1s] [--only step,step] [--java JAVA_HOME]\nsteps: "
                        + ladder().stream().map(Step::name).toList());
                System.exit(args[i].equals("--help") ? 0 : 2);
            }
            options.put(args[i], args[++i]);
        }
        Path app = Path.of(options.get("--app")).toAbsolutePath();
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app.resolve("quarkus-run.jar") + " is missing: build edge/pi-agent first");
        }
        List<String> only = options.get("--only").isBlank() ? List.of() : List.of(options.get("--only").split(","));
        List<Step> steps = ladder().stream().filter(step -> only.isEmpty() || only.contains(step.name())).toList();
        AgentFootprint bench = new AgentFootprint(app, Path.of(options.get("--java"), "bin", "java"),
                Path.of(options.get("--work")).toAbsolutePath(), Integer.parseInt(options.get("--starts")),
                Double.parseDouble(options.get("--minutes")),
                Duration.parse("PT" + options.get("--reading-interval").toUpperCase(Locale.ROOT)));
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
        try {
            bench.run(steps);
        } finally {
            bench.stopAll();
        }
    }

    private void run(List<Step> steps) throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        startIngest();
        String machine = machine();
        System.out.println(machine);

        Map<String, List<Start>> startTimes = new LinkedHashMap<>();
        for (Step step : steps) {
            if (step.archive() != Archive.NONE) {
                train(step);
            }
            List<Start> runs = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                runs.add(timedStart(step, i));
            }
            startTimes.put(step.name(), runs);
            System.out.printf("%-13s ready in %s s (Quarkus: started in %s s)%n", step.name(),
                    runs.stream().map(r -> fmt(r.readySeconds(), 2)).toList(),
                    runs.stream().map(r -> r.quarkusSeconds() == null ? "?" : fmt(r.quarkusSeconds(), 2)).toList());
        }

        System.out.printf("memory: %d agents side by side for %s min, one reading per %s s each%n", steps.size(),
                fmt(minutes, 1), readingInterval.toMillis() / 1000.0);
        Map<String, RssSeries> rss = memory(steps);

        String report = report(steps, startTimes, rss, machine);
        Files.writeString(work.resolveSibling("agent-footprint.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + work.resolveSibling("agent-footprint.md"));
        ingest.stop(0);
    }

    /** Starts the agent once with the archive option that records, lets it work a little, stops it: the archive is written at exit. */
    private void train(Step step) throws Exception {
        Path archive = archiveFile(step);
        Process agent = start(step, "train", switch (step.archive()) {
            case DYNAMIC_CDS -> List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive");
            case AOT_CACHE -> List.of("-XX:AOTCacheOutput=" + archive);
            case NONE -> List.of();
        });
        int port = portOf(agent);
        awaitReady(agent, port);
        // What a day on the Pi does early on: the status page, a live sensor read, a scrape, an upload.
        for (String path : List.of("/status", "/sensors", "/q/metrics", "/device-id", "/")) {
            get(port, path);
        }
        Thread.sleep(Math.max(3000, readingInterval.toMillis() * 3));
        stop(agent);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run of " + step.name() + " left no archive " + archive
                    + " (see " + work.resolve(step.name() + "-train.log") + ")");
        }
        System.out.printf("%-13s archive %s: %.1f MB%n", step.name(), archive.getFileName(),
                Files.size(archive) / 1048576.0);
    }

    private Path archiveFile(Step step) {
        return work.resolve(step.name() + (step.archive() == Archive.AOT_CACHE ? ".aot" : ".jsa"));
    }

    private List<String> useArchive(Step step) {
        return switch (step.archive()) {
            case DYNAMIC_CDS -> List.of("-XX:SharedArchiveFile=" + archiveFile(step), "-XX:+AutoCreateSharedArchive");
            case AOT_CACHE -> List.of("-XX:AOTCache=" + archiveFile(step));
            case NONE -> List.of();
        };
    }

    private Start timedStart(Step step, int run) throws Exception {
        long t0 = System.nanoTime();
        Process agent = start(step, "start-" + run, useArchive(step));
        awaitReady(agent, portOf(agent));
        double ready = (System.nanoTime() - t0) / 1e9;
        stop(agent);
        Matcher started = STARTED_IN.matcher(Files.readString(log(step, "start-" + run)));
        return new Start(ready, started.find() ? Double.parseDouble(started.group(1)) : null);
    }

    private Map<String, RssSeries> memory(List<Step> steps) throws Exception {
        Map<String, Process> agents = new LinkedHashMap<>();
        Map<String, RssSeries> series = new LinkedHashMap<>();
        for (Step step : steps) {
            Process agent = start(step, "memory", useArchive(step));
            agents.put(step.name(), agent);
            awaitReady(agent, portOf(agent));
            series.put(step.name(), new RssSeries(new ArrayList<>(), new ArrayList<>()));
        }
        long t0 = System.nanoTime();
        long end = t0 + (long) (minutes * 60e9);
        long nextReport = t0;
        while (System.nanoTime() < end) {
            double minute = (System.nanoTime() - t0) / 60e9;
            for (var agent : agents.entrySet()) {
                if (!agent.getValue().isAlive()) {
                    throw new IllegalStateException(agent.getKey() + " exited during the memory run, see "
                            + log(agent.getKey(), "memory"));
                }
                series.get(agent.getKey()).minutes().add(minute);
                series.get(agent.getKey()).mb().add(rssMb(agent.getValue().pid()));
            }
            if (System.nanoTime() >= nextReport) {
                System.out.printf("  %4.1f min  RSS MB %s%n", minute, series.entrySet().stream()
                        .map(e -> e.getKey() + "=" + fmt(e.getValue().last(), 0)).toList());
                nextReport += 60_000_000_000L;
            }
            Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        for (Process agent : agents.values()) {
            stop(agent);
        }
        return series;
    }

    private String report(List<Step> steps, Map<String, List<Start>> startTimes, Map<String, RssSeries> rss,
            String machine) {
        StringBuilder md = new StringBuilder();
        md.append("Agent footprint, ").append(Instant.now()).append("\n\n").append(machine).append("\n\n");
        md.append(String.format("Start: median of %d starts (min-max), spawn to the first 200 of /q/health/ready;"
                + " Quarkus's own \"started in\" beside it. Memory: VmRSS of %d agents side by side for %s min, each"
                + " sampling every %s s and uploading to a loopback ingest stand-in (%,d readings uploaded in all).%n%n",
                starts, steps.size(), fmt(minutes, 1), readingInterval.toMillis() / 1000.0,
                uploaded.values().stream().mapToLong(AtomicLong::get).sum()));
        md.append("| step | adds | ready s | Quarkus s | RSS MB at 1 min | RSS MB at end | peak | trend MB/h (2nd half) |"
                + " readings uploaded |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Step step : steps) {
            List<Double> ready = startTimes.get(step.name()).stream().map(Start::readySeconds).sorted().toList();
            List<Double> quarkus = startTimes.get(step.name()).stream().map(Start::quarkusSeconds)
                    .filter(Objects::nonNull).sorted().toList();
            RssSeries memory = rss.get(step.name());
            md.append(String.format("| %s | %s | %s (%s-%s) | %s | %s | %s | %s | %s | %,d |%n", step.name(), step.adds(),
                    fmt(median(ready), 2), fmt(ready.getFirst(), 2), fmt(ready.getLast(), 2),
                    quarkus.isEmpty() ? "?" : fmt(median(quarkus), 2), fmt(memory.at(1), 0), fmt(memory.last(), 0),
                    fmt(memory.peak(), 0), fmt(memory.trendPerHour(), 1),
                    uploaded.getOrDefault(step.name(), new AtomicLong()).get()));
        }
        md.append("\nFull command lines: ").append(work).append("/<step>-*.log (first line).\n");
        return md.toString();
    }

    private Process start(Step step, String run, List<String> extraJvm) throws IOException {
        Path state = work.resolve(step.name() + "-state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("credentials.json"), "{\"apiKey\":\"pfk_bench_" + step.name()
                + "\",\"deviceName\":\"" + step.name() + "\",\"pairedAt\":\"" + Instant.now() + "\",\"method\":\"code\"}");
        int port = freePort();
        String url = "http://127.0.0.1:" + ingest.getAddress().getPort();
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(step.jvm());
        command.addAll(extraJvm);
        Map<String, String> settings = new LinkedHashMap<>(step.quarkus());
        settings.putAll(Map.of("quarkus.http.host", "127.0.0.1", "quarkus.http.port", Integer.toString(port),
                "pifleet.agent.cloud-url", url, "pifleet.agent.registry-url", url,
                "pifleet.agent.state-dir", state.toString(), "pifleet.agent.sensors", "simulated",
                "pifleet.agent.reading-interval", readingInterval.toMillis() + "ms",
                "pifleet.agent.heartbeat-interval", "30s"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", app.resolve("quarkus-run.jar").toString(), "--env", "local"));
        Path log = log(step.name(), run);
        Files.writeString(log, step.env() + " " + String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command).directory(state.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(step.env());
        Process process = builder.start();
        running.add(process);
        ports.put(process.pid(), port);
        return process;
    }

    private final Map<Long, Integer> ports = new ConcurrentHashMap<>();

    private int portOf(Process agent) {
        return ports.get(agent.pid());
    }

    private Path log(Step step, String run) {
        return log(step.name(), run);
    }

    private Path log(String step, String run) {
        return work.resolve(step + "-" + run + ".log");
    }

    private void awaitReady(Process agent, int port) throws Exception {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                throw new IllegalStateException("the agent exited with " + agent.exitValue() + " before it was ready");
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the agent was not ready within " + READY_LIMIT);
    }

    private void get(int port, String path) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    /** SIGTERM, as systemd stops the service; the JVM writes a training archive while it exits. */
    private void stop(Process agent) throws InterruptedException {
        agent.destroy();
        if (!agent.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        running.remove(agent);
    }

    private void stopAll() {
        for (Process agent : running) {
            agent.destroyForcibly();
        }
        running.clear();
    }

    private void startIngest() throws IOException {
        ingest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ingest.createContext("/api/device/data", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int readings = count(body, "\"id\"");
            uploaded.computeIfAbsent(step(exchange), k -> new AtomicLong()).addAndGet(readings);
            answer(exchange, "{\"success\":true,\"accepted\":" + readings + ",\"duplicates\":0}");
        });
        ingest.createContext("/api/device/heartbeat", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, "{\"success\":true,\"serverTime\":\"" + Instant.now() + "\"}");
        });
        ingest.start();
    }

    private static String step(HttpExchange exchange) {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        return authorization.startsWith("Device pfk_bench_") ? authorization.substring("Device pfk_bench_".length())
                : "?";
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    private static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException gone) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private String machine() throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.replaceFirst("model name\\s*:\\s*", "")).orElse("?");
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\s+", " ");
        String version = new String(new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?");
        return String.format("Machine: %d CPUs (%s), %s; %s; load average at start %s", Runtime.getRuntime()
                .availableProcessors(), cpu, memory, version, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String fmt(double value, int decimals) {
        return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
