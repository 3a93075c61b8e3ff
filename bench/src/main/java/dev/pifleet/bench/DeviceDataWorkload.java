package dev.pifleet.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/**
 * Phases (3) and (4): {@code POST /api/device/data} on telemetry-ingest with {@code Authorization: Device <key>},
 * either the seed's single reading ({@code {sensors, timestamp}}, no id) or a batch of readings with ids.
 */
final class IngestWorkload implements Workload {

    private final HttpJson http;
    private final String dataUrl;
    private final int batchSize;

    /** @param batchSize 1 for the seed's single-reading shape, otherwise readings per {@code {readings:[...]}} batch */
    IngestWorkload(HttpJson http, String ingestUrl, int batchSize) {
        this.http = http;
        this.dataUrl = ingestUrl + "/api/device/data";
        this.batchSize = batchSize;
    }

    @Override
    public int readingsPerRequest() {
        return batchSize;
    }

    @Override
    public Future<Ack> send(BenchDevice device) {
        return http.send(HttpMethod.POST, dataUrl, HttpJson.write(body()), "Authorization", "Device " + device.apiKey())
                .map(answer -> {
                    if (!answer.path("success").asBoolean(false)) {
                        throw new IllegalStateException("answer without success: " + answer);
                    }
                    return new Ack(answer.path("accepted").asInt(), answer.path("duplicates").asInt());
                });
    }

    private ObjectNode body() {
        ObjectNode body = ParseRest.NODES.objectNode();
        if (batchSize == 1) {
            body.set("sensors", Readings.sensors());
            body.put("timestamp", Readings.seedTimestamp());
            return body;
        }
        ArrayNode readings = body.putArray("readings");
        for (int i = 0; i < batchSize; i++) {
            ObjectNode reading = readings.addObject().put("id", Readings.readingId())
                    .put("timestamp", Readings.seedTimestamp());
            reading.set("sensors", Readings.sensors());
        }
        return body;
    }
}
