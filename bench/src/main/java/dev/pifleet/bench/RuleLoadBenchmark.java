package dev.pifleet.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.testing.ParseServerProcess;
import dev.pifleet.testing.QuarkusAppProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What keeping the threshold rules current costs one ingest replica (issue 24): N rules (default 10,000) and some
 * open alerts are written straight into Parse, then one ingest runs with its rule refresh every 2 s, first as it
 * was (every pass a full reload: {@code full-refresh-interval=0s}), then as shipped (only what changed, a full
 * reload every 5 min). For each, the cores used by Parse, PostgreSQL and the ingest over the same window, and the
 * passes made. Writes bench/target/rule-load-results.md. Loopback only; every wait is bounded.
 *
 * <p>Usage: {@code java -cp bench.jar dev.pifleet.bench.RuleLoadBenchmark [--rule-count N] [--seconds S]}
 */
public final class RuleLoadBenchmark {

    private static final String INGEST_MODULE = "services/telemetry-ingest";
    private static final int BATCH = 50;
    private static final Pattern PASSES = Pattern.compile("(?m)^pifleet_alerts_rules_passes_total\\{pass=\"(\\w+)\"[^}]*} ([0-9.eE+]+)$");

    private RuleLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rules = 10_000;
        int seconds = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rule-count" -> rules = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        FreshParse fresh = FreshParse.start();
        ParseServerProcess parseServer = fresh.server();
        CpuMeter cpu = new CpuMeter(IngestBenchmark.roles(fresh.database()));
        StringBuilder report = new StringBuilder("# Threshold rule refresh: cost per ingest replica\n\n");
        try (HttpJson http = new HttpJson()) {
            ParseRest parse = new ParseRest(http, parseServer.url(), parseServer.appId(), parseServer.masterKey());
            int open = rules / 20;
            log(String.format("writing %,d threshold rules on %,d devices, %,d of them with an open alert", rules, rules / 10, open));
            writeRules(parse, rules, open);
            report.append(String.format("%,d threshold rules (10 per device), %,d open alerts; one ingest replica, rule refresh "
                    + "every 2 s, measured over %d s after its first pass. `./scripts/bench --rules`.%n%n", rules, open, seconds))
                    .append("| refresh | passes (full / changes) | Parse cores | PostgreSQL cores | ingest cores |\n|---|---|---|---|---|\n");
            for (Map.Entry<String, String> mode : Map.of("every pass full (before)", "0s",
                    "changes only, full every 5 min (shipped)", "5m").entrySet().stream()
                    .sorted(Map.Entry.comparingByValue()).toList()) {
                Map<String, String> config = new LinkedHashMap<>(parseServer.clientConfig());
                config.put("quarkus.log.level", "WARN");
                config.put("pifleet.auth-gateway.url", "http://127.0.0.1:9");
                config.put("pifleet.alert-evaluation.full-refresh-interval", mode.getValue());
                QuarkusAppProcess ingest = new QuarkusAppProcess(INGEST_MODULE, config).start();
                try {
                    awaitFirstPass(ingest);
                    double[] before = passes(ingest);
                    CpuMeter.Snapshot start = cpu.snapshot();
                    Thread.sleep(Duration.ofSeconds(seconds));
                    CpuMeter.Usage used = CpuMeter.between(start, cpu.snapshot());
                    double[] after = passes(ingest);
                    String row = String.format("| %s | %.0f / %.0f | %.3f | %.3f | %.3f |", mode.getKey(),
                            after[0] - before[0], after[1] - before[1], used.parse(), used.postgres(), used.service());
                    log(row);
                    report.append(row).append('\n');
                } finally {
                    ingest.stop();
                }
            }
        }
        Path out = Path.of(System.getProperty("pifleet.root", "."), "bench", "target", "rule-load-results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        log("written to " + out);
    }

    private static void writeRules(ParseRest parse, int rules, int open) throws Exception {
        ObjectNode user = ParseRest.NODES.objectNode().put("username", "rule-bench@pifleet.test").put("password", "rule-bench-password");
        String ownerId = HttpJson.await(parse.post("/users", user)).path("objectId").asText();
        Instant now = Instant.now();
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            ObjectNode rule = ParseRest.NODES.objectNode().put("deviceId", "rule-bench-" + i / 10).put("kind", "above")
                    .put("sensor", "temperature").put("threshold", 30).put("deadband", 0.5).put("forSeconds", 0)
                    .put("email", true).put("repeatMinutes", 0);
            rule.set("owner", ParseRest.pointer("_User", ownerId));
            rule.set("device", ParseRest.pointer("Device", "bench" + i / 10));
            rule.set("changedAt", ParseRest.date(now));
            rule.set("ACL", ParseRest.NODES.objectNode());
            batch.add(parse.createOperation("AlertRule", rule));
            if (batch.size() == BATCH || i == rules - 1) {
                List<String> ids = new ArrayList<>();
                HttpJson.await(parse.batch(batch)).forEach(result -> ids.add(result.path("success").path("objectId").asText()));
                batch.clear();
                if (i < open) {
                    List<ObjectNode> alerts = new ArrayList<>();
                    for (String ruleId : ids) {
                        ObjectNode alert = ParseRest.NODES.objectNode().put("deviceId", "rule-bench").put("kind", "above")
                                .put("state", "open").put("value", 31).put("openKey", ruleId).put("episode", ruleId + ":1");
                        alert.set("rule", ParseRest.pointer("AlertRule", ruleId));
                        alert.set("owner", ParseRest.pointer("_User", ownerId));
                        alert.set("device", ParseRest.pointer("Device", "bench"));
                        alert.set("openedAt", ParseRest.date(now));
                        alert.set("changedAt", ParseRest.date(now));
                        alert.set("ACL", ParseRest.NODES.objectNode());
                        alerts.add(parse.createOperation("Alert", alert));
                    }
                    HttpJson.await(parse.batch(alerts));
                }
            }
        }
    }

    private static void awaitFirstPass(QuarkusAppProcess ingest) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (passes(ingest)[0] < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ingest made no full rule pass within 2 minutes");
            }
            Thread.sleep(200);
        }
    }

    /** Full and incremental passes so far, from the ingest's metrics. */
    private static double[] passes(QuarkusAppProcess ingest) throws Exception {
        String text;
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            text = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ingest.url() + "/q/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
        double[] counts = new double[2];
        Matcher matcher = PASSES.matcher(text);
        while (matcher.find()) {
            counts[matcher.group(1).equals("full") ? 0 : 1] = Double.parseDouble(matcher.group(2));
        }
        return counts;
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
