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
 * Reads the ingest service's group-commit batch-size summary from its Prometheus endpoint, before and after a
 * phase, to tell how many readings each Parse {@code /batch} carried: the number that explains its throughput.
 */
final class IngestMetrics {

    private static final Pattern BATCH_SIZE = Pattern.compile(
            "^pifleet_ingest_batch_size_(count|sum)(?:\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metricsUrl;

    IngestMetrics(String ingestUrl) {
        this.metricsUrl = URI.create(ingestUrl + "/q/metrics");
    }

    /** Batches sent and readings in them so far; zeros when the metrics cannot be read. */
    record Batches(double batches, double readings) {
        static final Batches NONE = new Batches(0, 0);

        /** Mean readings per batch between two readings of the counters, or 0 when no batch was sent. */
        double meanSizeSince(Batches earlier) {
            double sent = batches - earlier.batches;
            return sent > 0 ? (readings - earlier.readings) / sent : 0;
        }
    }

    Batches read() {
        try {
            HttpRequest request = HttpRequest.newBuilder(metricsUrl).timeout(Duration.ofSeconds(5)).GET().build();
            String text = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            double count = 0;
            double sum = 0;
            Matcher matcher = BATCH_SIZE.matcher(text);
            while (matcher.find()) {
                if (matcher.group(1).equals("count")) {
                    count += Double.parseDouble(matcher.group(2));
                } else {
                    sum += Double.parseDouble(matcher.group(2));
                }
            }
            return new Batches(count, sum);
        } catch (IOException | RuntimeException unreadable) {
            return Batches.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Batches.NONE;
        }
    }
}
