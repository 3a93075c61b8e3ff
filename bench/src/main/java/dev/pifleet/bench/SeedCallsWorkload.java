package dev.pifleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.device.DeviceStatus;
import dev.pifleet.parse.BatchOperation;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * Phase (2′), the seed's handler's three Parse calls sent straight by the load generator, with no middle tier: per
 * reading, find the Device by its key (here by the key's hash, as pifleet stores it), create the SensorLog, update
 * the Device's status and lastSeen: three sequential round trips, no caching, no batching. A stricter baseline than
 * the seed's route (2): nothing between the device and Parse uses the machine's CPU.
 */
final class SeedCallsWorkload implements Workload {

    private final ParseRest parse;

    SeedCallsWorkload(ParseRest parse) {
        this.parse = parse;
    }

    @Override
    public int readingsPerRequest() {
        return 1;
    }

    @Override
    public Future<Ack> send(BenchDevice device) {
        ObjectNode where = ParseRest.NODES.objectNode().put(DeviceClass.API_KEY_HASH, device.apiKeyHash());
        return parse.find(DeviceClass.NAME, where, "limit=1").compose(answer -> {
            JsonNode found = answer.path("results");
            if (found.isEmpty()) {
                return Future.failedFuture(new IllegalStateException("device not found by key hash: " + device));
            }
            String objectId = found.get(0).path("objectId").asText();
            BatchOperation create = ParseBatchWorkload.sensorLog(device, Instant.now(), null);
            return parse.post(create.path(), create.body())
                    .compose(created -> {
                        ObjectNode update = ParseRest.NODES.objectNode()
                                .put(DeviceClass.STATUS, DeviceStatus.ONLINE.wireName());
                        update.set(DeviceClass.LAST_SEEN, ParseRest.date(Instant.now()));
                        return parse.put("/classes/" + DeviceClass.NAME + "/" + objectId, update);
                    });
        }).map(updated -> new Ack(1, 0));
    }
}
