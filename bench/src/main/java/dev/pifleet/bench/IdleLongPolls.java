package dev.pifleet.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle Pis during the ingest phases: one long-poll ({@code GET /api/device/commands?waitSeconds=N}) held per device,
 * each sent again as soon as it is answered, with no command or config change ever coming. Its own Vert.x client
 * (one event loop, a connection per poll), so it never queues behind or ahead of the measured load.
 */
final class IdleLongPolls implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final HttpClient client;
    private final String pollUrl;
    private final String metricsUrl;
    private final int waitSeconds;
    private final List<BenchDevice> devices;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    IdleLongPolls(String ingestUrl, List<BenchDevice> devices, int waitSeconds) {
        this.pollUrl = ingestUrl + "/api/device/commands?waitSeconds=" + waitSeconds + "&configVersion=0";
        this.metricsUrl = ingestUrl + "/q/metrics";
        this.waitSeconds = waitSeconds;
        this.devices = devices;
        this.client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true).setConnectTimeout(5000).setMaxPoolSize(devices.size() + 16));
    }

    /** Opens every poll and waits (bounded) until the ingest reports them held. */
    void start() throws Exception {
        running.set(true);
        devices.forEach(this::poll);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (heldByIngest() < devices.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** Stops sending new polls and drops the connections; the ingest's held polls end within waitSeconds. */
    void stop() {
        running.set(false);
        client.close();
    }

    long answered() {
        return answered.get();
    }

    long failed() {
        return failed.get();
    }

    int size() {
        return devices.size();
    }

    private void poll(BenchDevice device) {
        if (!running.get()) {
            return;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(pollUrl)
                .setIdleTimeout(Duration.ofSeconds(waitSeconds + 30L).toMillis())
                .putHeader("Authorization", "Device " + device.apiKey());
        client.request(options).compose(request -> request.send()).compose(response -> response.body()
                .map(body -> response.statusCode())).onComplete(result -> {
                    if (result.succeeded() && result.result() == 200) {
                        answered.incrementAndGet();
                        poll(device);
                    } else if (running.get()) {
                        failed.incrementAndGet();
                        vertx.setTimer(1000, timer -> poll(device));
                    }
                });
    }

    /** The ingest's gauge of devices with a held long-poll (0 when it cannot be read). */
    double heldByIngest() {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString())
                    .body().lines().filter(line -> line.startsWith("pifleet_fleet_long_polls_devices"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (Exception unreadable) {
            return 0;
        }
    }

    @Override
    public void close() {
        stop();
        vertx.close();
    }
}
