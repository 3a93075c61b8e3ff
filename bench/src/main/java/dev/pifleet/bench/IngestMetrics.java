package dev.pifleet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the ingest service's group-commit metrics from its Prometheus endpoint, before and after a phase: how
 * many readings each Parse {@code /batch} carried (the number that explains its throughput) and how long those
 * round trips took as the service saw them (the rest of a request's latency is the service's own).
 */
final class IngestMetrics {

    private static final Pattern COUNTERS = Pattern.compile(
            "^pifleet_ingest_(batch_size|parse_batch_seconds)_(count|sum)(?:\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metricsUrl;

    IngestMetrics(String ingestUrl) {
        this.metricsUrl = URI.create(ingestUrl + "/q/metrics");
    }

    /** Batches sent, readings in them and their Parse round trips so far; zeros when the metrics cannot be read. */
    record Batches(double batches, double readings, double roundTrips, double roundTripSeconds) {
        static final Batches NONE = new Batches(0, 0, 0, 0);

        /** Mean readings per batch between two readings of the counters, or 0 when no batch was sent. */
        double meanSizeSince(Batches earlier) {
            double sent = batches - earlier.batches;
            return sent > 0 ? (readings - earlier.readings) / sent : 0;
        }

        /** Mean Parse {@code /batch} round trip in milliseconds between two readings, or 0 when there was none. */
        double meanRoundTripMillisSince(Batches earlier) {
            double trips = roundTrips - earlier.roundTrips;
            return trips > 0 ? (roundTripSeconds - earlier.roundTripSeconds) * 1000 / trips : 0;
        }
    }

    Batches read() {
        try {
            HttpRequest request = HttpRequest.newBuilder(metricsUrl).timeout(Duration.ofSeconds(5)).GET().build();
            String text = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            double[] values = new double[4];
            Matcher matcher = COUNTERS.matcher(text);
            while (matcher.find()) {
                int slot = (matcher.group(1).equals("batch_size") ? 0 : 2) + (matcher.group(2).equals("count") ? 0 : 1);
                values[slot] += Double.parseDouble(matcher.group(3));
            }
            return new Batches(values[0], values[1], values[2], values[3]);
        } catch (IOException | RuntimeException unreadable) {
            return Batches.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Batches.NONE;
        }
    }
}
