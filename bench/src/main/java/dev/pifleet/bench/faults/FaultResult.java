package dev.pifleet.bench.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** One fault's row of the table. */
record FaultResult(String name, String description, Duration down, FaultTally tally, Optional<Duration> recovery,
        long requests, Map<String, Long> failures, long refusedReadings) {

    static final String AGENT_OFFLINE = "agent-offline";
    /** The row of a fault's MQTT load (--mqtt). */
    static final String MQTT_SUFFIX = " (MQTT)";

    boolean ok() {
        return tally.ok() && recovery.isPresent() && refusedReadings == 0;
    }

    static String seconds(Duration duration) {
        return String.format("%.1f", duration.toMillis() / 1000.0);
    }

    static String markdown(List<FaultResult> results, List<String> notes, Instant started, FaultOptions options) {
        StringBuilder md = new StringBuilder();
        md.append("Fault suite run of ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(": ")
                .append(options.workers()).append(" devices, each a batch of ").append(options.batchSize())
                .append(" readings every ").append(options.period().toMillis()).append(" ms (")
                .append(Math.round(options.workers() * options.batchSize() * 1000.0 / options.period().toMillis()))
                .append(" readings/s offered")
                .append(options.mqtt() ? "; as many again over MQTT (QoS 1), on devices of their own, in the rows marked MQTT" : "")
                .append(options.replicas() > 1 ? "; " + options.replicas() + " Parse Servers and " + options.replicas()
                        + " ingest replicas, each pair behind a loopback round-robin, a fault hitting one of each pair" : "")
                .append(").\n\n");
        md.append("| fault | down (s) | acknowledged | stored | lost | duplicated | stored, not acknowledged | "
                + "recovery (s) | failed attempts / requests |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (FaultResult result : results) {
            FaultTally tally = result.tally();
            md.append("| ").append(result.name()).append(" | ").append(seconds(result.down()))
                    .append(" | ").append(String.format("%,d", tally.acknowledged()))
                    .append(" | ").append(String.format("%,d", tally.stored()))
                    .append(" | ").append(tally.lost() == 0 ? "0" : "**" + tally.lost() + "**")
                    .append(" | ").append(tally.duplicated() == 0 ? "0" : "**" + tally.duplicated() + "**")
                    .append(" | ").append(tally.storedUnacknowledged())
                    .append(" | ").append(result.recovery().map(FaultResult::seconds).orElse("**none**"))
                    .append(" | ").append(failures(result)).append(" |\n");
        }
        md.append("\n");
        // An MQTT row has the same fault as the row above it: described once.
        results.stream().filter(result -> !result.name().endsWith(MQTT_SUFFIX)).forEach(result ->
                md.append("- ").append(result.name()).append(": ").append(result.description()).append(".\n"));
        for (String note : notes) {
            md.append("- ").append(note).append("\n");
        }
        md.append("\n").append(results.stream().allMatch(FaultResult::ok)
                ? "Every acknowledged reading stored exactly once; every fault recovered.\n"
                : "**NOT CLEAN**: a reading was lost or duplicated, a batch refused, or a fault did not recover.\n");
        return md.toString();
    }

    private static String failures(FaultResult result) {
        if (result.requests() == 0) {
            return "–";
        }
        long failed = result.failures().values().stream().mapToLong(Long::longValue).sum();
        String kinds = result.failures().entrySet().stream()
                .map(entry -> entry.getKey() + " × " + entry.getValue()).collect(Collectors.joining(", "));
        return failed + " / " + result.requests() + (kinds.isEmpty() ? "" : " (" + kinds + ")");
    }
}
