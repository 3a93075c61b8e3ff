package dev.pifleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.sensorlog.SensorLogStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase (1), the ceiling: SensorLog rows straight into Parse's {@code /batch} with the master key, written as the
 * ingest service writes them (device pointer, date, data, readingId, owner-read ACL), no per-reading work around it.
 * Never with {@code "transaction": true}: Parse's transactions are unsafe under concurrency (docs/architecture.md).
 */
final class ParseBatchWorkload extends BatchWorkload {

    private final ParseRest parse;

    ParseBatchWorkload(ParseRest parse, int batchSize) {
        super(batchSize);
        this.parse = parse;
    }

    @Override
    public Future<Ack> send(BenchDevice device) {
        List<ObjectNode> operations = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            operations.add(parse.createOperation(sensorLog(device, Instant.now(), Readings.readingId())));
        }
        return parse.batch(operations).map(results -> {
            int stored = 0;
            for (JsonNode result : results) {
                if (result.has("success")) {
                    stored++;
                }
            }
            return new Ack(stored, 0);
        });
    }

    /** The SensorLog create the ingest sends (the store's own encoding), for phases that post it themselves. */
    static BatchOperation sensorLog(BenchDevice device, Instant timestamp, String readingId) {
        return SensorLogStore.create(device.objectId(), device.ownerId(), readingId, timestamp, Readings.sensorValues());
    }
}
