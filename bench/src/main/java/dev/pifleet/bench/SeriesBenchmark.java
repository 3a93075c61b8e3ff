package dev.pifleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.device.ApiKeys;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.sensorlog.SensorLogStore;
import dev.pifleet.testing.ParseServerProcess;
import dev.pifleet.testing.ProjectPaths;
import dev.pifleet.testing.QuarkusAppProcess;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series benchmark: one device with N readings (default 1,000,000) spread evenly over a year, written straight
 * into Parse as the ingest writes them; then the ingest's rollup job summarises them (its rate is measured), and the
 * series endpoint is timed for an hour, a day, a week, a month and a year at 500 points, each answer checked against
 * the exact count of readings in its range. For comparison it times paging the raw readings of a month, as the
 * dashboard did before series existed. Writes bench/target/series-results.md. Loopback only; every wait is bounded.
 *
 * <p>Usage: {@code java -cp bench.jar dev.pifleet.bench.SeriesBenchmark [--readings N] [--samples K]}
 */
public final class SeriesBenchmark {

    private static final String INGEST_MODULE = "services/telemetry-ingest";
    private static final String GATEWAY_MODULE = "services/auth-gateway";
    private static final int BATCH = 100;
    private static final int IN_FLIGHT = 4;
    private static final Duration SPAN = Duration.ofDays(365);
    private static final Duration ROLLUP_LIMIT = Duration.ofMinutes(40);

    private SeriesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int readings = 1_000_000;
        int samples = 15;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--readings" -> readings = Integer.parseInt(args[i + 1]);
                case "--samples" -> samples = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        StringBuilder report = new StringBuilder();
        FreshParse fresh = FreshParse.start();
        ParseServerProcess parseServer = fresh.server();
        QuarkusAppProcess gateway = new QuarkusAppProcess(GATEWAY_MODULE, parseServer.clientConfig()).start();
        Map<String, String> config = new LinkedHashMap<>(parseServer.clientConfig());
        config.put("pifleet.auth-gateway.url", gateway.url());
        config.put("quarkus.log.level", "WARN");
        // One replica catching up as fast as it can: the rate measured is the job's own. The slot stays as shipped
        // (60 s, the job pausing in each slot's last quarter), so the rate includes those pauses.
        config.put("pifleet.rollup.interval", "1s");
        config.put("pifleet.rollup.max-chunks-per-run", "100000");
        // The readings span a year: retention (90 days of raw readings by default) would delete most of them
        // while the benchmark runs, and the partial minute at the year's start with them.
        config.put("pifleet.retention.raw-days", "400");
        QuarkusAppProcess ingest = new QuarkusAppProcess(INGEST_MODULE, config).start();

        try (HttpJson http = new HttpJson()) {
            ParseRest parse = new ParseRest(http, parseServer.url(), parseServer.appId(), parseServer.masterKey());
            ObjectNode user = ParseRest.NODES.objectNode().put("username", "series-bench@pifleet.test")
                    .put("password", HexFormat.of().formatHex(new SecureRandom().generateSeed(12)));
            String ownerId = HttpJson.await(parse.post("/users", user)).path("objectId").asText();
            // A sign-up with the master key gets no session: log in as the owner does.
            String session = HttpJson.await(parse.post("/login", user)).path("sessionToken").asText();
            ObjectNode deviceFields = ParseRest.NODES.objectNode().put(DeviceClass.DEVICE_ID, "series-bench")
                    .put(DeviceClass.API_KEY_HASH, ApiKeys.hash(ApiKeys.generate()));
            deviceFields.set(DeviceClass.OWNER, ParseRest.pointer("_User", ownerId));
            deviceFields.set("ACL", ParseRest.ownerAcl(ownerId, true));
            String deviceObjectId = HttpJson.await(parse.post("/classes/" + DeviceClass.NAME, deviceFields))
                    .path("objectId").asText();

            Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant start = end.minus(SPAN);
            long spacingMillis = SPAN.toMillis() / readings;
            log(String.format("writing %,d readings, one every %.1f s over a year", readings, spacingMillis / 1000.0));
            long written = System.nanoTime();
            writeReadings(parse, deviceObjectId, ownerId, start, spacingMillis, readings);
            double writeSeconds = (System.nanoTime() - written) / 1e9;
            log(String.format("  %.0f s, %,.0f readings/s", writeSeconds, readings / writeSeconds));

            log("waiting for the rollup job");
            long rolling = System.nanoTime();
            Instant lastCreated = Instant.now();
            awaitRollups(parse, lastCreated);
            double rollupSeconds = (System.nanoTime() - rolling) / 1e9;
            log(String.format("  caught up %.0f s after the last write", rollupSeconds));
            List<String> wrong = StoredSummaries.mismatches(fresh.database().parseDatabaseUri(), "temperature");
            log(wrong.isEmpty() ? "  every hour and day summary matches SensorLog (checked in PostgreSQL)"
                    : "  summaries that do not match SensorLog: " + wrong);

            report.append("# Series benchmark\n\n")
                    .append(String.format("%,d readings of one device, one every %.1f s over 365 days, written straight into Parse "
                            + "(%,.0f readings/s, %.0f s); the rollup job, summarising while they were written, caught up "
                            + "%.0f s after the last write: %,.0f readings summarised per second of the whole.%n%n", readings,
                            spacingMillis / 1000.0, readings / writeSeconds, writeSeconds, rollupSeconds,
                            readings / (writeSeconds + rollupSeconds)))
                    .append(wrong.isEmpty() ? "Every hour and day summary was checked against SensorLog in PostgreSQL: all match.\n\n"
                            : "Summaries that do not match SensorLog: " + wrong + "\n\n")
                    .append("| range | points asked | step | buckets | readings in range (checked) | median ms | p95 ms | max ms |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
            Map<String, Duration> ranges = new LinkedHashMap<>();
            ranges.put("hour", Duration.ofHours(1));
            ranges.put("day", Duration.ofDays(1));
            ranges.put("week", Duration.ofDays(7));
            ranges.put("month", Duration.ofDays(30));
            ranges.put("year", SPAN);
            for (Map.Entry<String, Duration> range : ranges.entrySet()) {
                Instant from = end.minus(range.getValue());
                String url = ingest.url() + "/api/readings/series-bench/series?sensor=temperature&points=500&from="
                        + encode(from) + "&to=" + encode(end);
                long expected = expectedCount(start, spacingMillis, readings, from, end);
                double[] millis = new double[samples];
                JsonNode answer = null;
                for (int i = -3; i < samples; i++) {
                    long sent = System.nanoTime();
                    answer = HttpJson.await(http.send(HttpMethod.GET, url, null, "X-Session-Token", session));
                    if (i >= 0) {
                        millis[i] = (System.nanoTime() - sent) / 1e6;
                    }
                }
                long counted = 0;
                for (JsonNode bucket : answer.path("buckets")) {
                    counted += bucket.path("count").asLong();
                }
                if (counted != expected) {
                    throw new IllegalStateException(range.getKey() + ": the series counted " + counted + " readings, "
                            + expected + " were written");
                }
                Arrays.sort(millis);
                report.append(String.format("| %s | 500 | %d s | %d | %,d (exact) | %.1f | %.1f | %.1f |%n", range.getKey(),
                        answer.path("stepSeconds").asLong(), answer.path("buckets").size(), expected,
                        millis[samples / 2], millis[(int) Math.ceil(samples * 0.95) - 1], millis[samples - 1]));
                log(report.substring(report.lastIndexOf("| " + range.getKey())).trim());
            }

            Instant monthAgo = end.minus(Duration.ofDays(30));
            long paged = System.nanoTime();
            int pages = 0;
            long rows = 0;
            String cursor = null;
            do {
                String url = ingest.url() + "/api/readings/series-bench?limit=1000&from=" + encode(monthAgo) + "&to="
                        + encode(end) + (cursor == null ? "" : "&cursor=" + cursor);
                JsonNode page = HttpJson.await(http.send(HttpMethod.GET, url, null, "X-Session-Token", session));
                rows += page.path("readings").size();
                pages++;
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            } while (cursor != null && pages < 10_000);
            double pagedMillis = (System.nanoTime() - paged) / 1e6;
            report.append(String.format("%nFor comparison, the raw readings of the month (%,d, what the dashboard paged before "
                    + "series existed, and stopped after 20 pages): %d pages in %.0f ms.%n", rows, pages, pagedMillis));
        } finally {
            ingest.stop();
            gateway.stop();
        }
        Path output = ProjectPaths.root().resolve("bench/target/series-results.md");
        Files.createDirectories(output.getParent());
        Files.writeString(output, report);
        System.out.println();
        System.out.println(report);
        System.exit(0);
    }

    private static void writeReadings(ParseRest parse, String deviceObjectId, String ownerId, Instant start,
            long spacingMillis, int readings) throws Exception {
        List<Future<ArrayNode>> inFlight = new ArrayList<>();
        int next = 0;
        while (next < readings) {
            List<ObjectNode> operations = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH && next < readings; i++, next++) {
                Instant taken = start.plusMillis(next * spacingMillis);
                double temperature = 15 + 8 * Math.sin(next / 2_000.0) + (next % 7) / 10.0;
                operations.add(parse.createOperation(SensorLogStore.create(deviceObjectId, ownerId, "r" + next, taken,
                        Map.of("temperature", temperature, "humidity", 40 + next % 20))));
            }
            inFlight.add(parse.batch(operations));
            if (inFlight.size() >= IN_FLIGHT) {
                requireStored(HttpJson.await(inFlight.removeFirst()));
            }
            if (next % 100_000 == 0) {
                log(String.format("  %,d written", next));
            }
        }
        for (Future<ArrayNode> batch : inFlight) {
            requireStored(HttpJson.await(batch));
        }
    }

    private static void requireStored(ArrayNode results) {
        for (JsonNode result : results) {
            if (!result.has("success")) {
                throw new IllegalStateException("a reading was not stored: " + result);
            }
        }
    }

    /** Waits until the rollup job has summarised every row created up to {@code lastCreated}. */
    private static void awaitRollups(ParseRest parse, Instant lastCreated) throws Exception {
        long deadline = System.nanoTime() + ROLLUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode found = HttpJson.await(parse.find("JobState", ParseRest.NODES.objectNode().put("job", "sensor-rollup"),
                    "limit=1")).path("results");
            if (!found.isEmpty()) {
                Instant covered = Instant.parse(found.get(0).path("coveredUntil").path("iso").asText());
                if (covered.isAfter(lastCreated)) {
                    return;
                }
            }
            Thread.sleep(2_000);
        }
        throw new IllegalStateException("the rollup job did not catch up within " + ROLLUP_LIMIT);
    }


    /** Readings with from <= timestamp < to, for timestamps start + i * spacing, i < readings. */
    static long expectedCount(Instant start, long spacingMillis, int readings, Instant from, Instant to) {
        long first = Math.max(0, ceilDiv(from.toEpochMilli() - start.toEpochMilli(), spacingMillis));
        long afterLast = Math.min(readings, ceilDiv(to.toEpochMilli() - start.toEpochMilli(), spacingMillis));
        return Math.max(0, afterLast - first);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static String encode(Instant time) {
        return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
    }

    private static void log(String message) {
        System.out.println("[series-bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
