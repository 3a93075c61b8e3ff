package dev.pifleet.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/**
 * {@code POST /api/device/data} with {@code Authorization: Device <key>}, either the seed's single reading
 * ({@code {sensors, timestamp}}, no id) or a batch of readings with ids: phases (3) and (4) on telemetry-ingest,
 * and phase (2) on the seed's own route, which answers {@code {success: true}} for its one stored reading.
 */
final class DeviceDataWorkload extends BatchWorkload {

    private final HttpJson http;
    private final String dataUrl;

    /** @param batchSize 1 for the seed's single-reading shape, otherwise readings per {@code {readings:[...]}} batch */
    DeviceDataWorkload(HttpJson http, String serviceUrl, int batchSize) {
        super(batchSize);
        this.http = http;
        this.dataUrl = serviceUrl + "/api/device/data";
    }

    @Override
    public Future<Ack> send(BenchDevice device) {
        String body = HttpJson.write(Readings.body(batchSize, false));
        return http.send(HttpMethod.POST, dataUrl, body, "Authorization", "Device " + device.apiKey())
                .map(answer -> {
                    if (!answer.path("success").asBoolean(false)) {
                        throw new IllegalStateException("answer without success: " + answer);
                    }
                    int accepted = answer.has("accepted") ? answer.path("accepted").asInt() : batchSize;
                    return new Ack(accepted, answer.path("duplicates").asInt());
                });
    }
}
