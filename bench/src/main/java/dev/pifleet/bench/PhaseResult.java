package dev.pifleet.bench;

import java.util.List;

/**
 * One measured phase: throughput over the measurement window, latency per request (HdrHistogram, microseconds),
 * and the bookkeeping the exactly-once check needs (everything acknowledged, including the warm-up).
 */
record PhaseResult(
        String phase,
        int concurrency,
        int round,
        int readingsPerRequest,
        double seconds,
        long readings,
        long requests,
        long errors,
        double readingsPerSecond,
        double p50Millis,
        double p99Millis,
        double maxMillis,
        CpuMeter.Usage cpu,
        double readingsPerParseBatch,
        double serviceParseRoundTripMillis,
        long acknowledgedTotal,
        long duplicatesTotal,
        long readingsInDoubt,
        long refusedRequests,
        List<String> errorSamples,
        List<String> deviceObjectIds) {

    /** Readings per CPU-second of the server side (Parse, the service, PostgreSQL): what a busy machine blurs least. */
    double readingsPerServerCoreSecond() {
        double cores = cpu.parse() + cpu.service() + cpu.postgres();
        return cores > 0 ? readingsPerSecond / cores : 0;
    }

    String key() {
        return phase + "@" + concurrency;
    }
}
