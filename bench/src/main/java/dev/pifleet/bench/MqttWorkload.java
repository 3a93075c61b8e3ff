package dev.pifleet.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * QoS 1 PUBLISHes to telemetry-ingest's MQTT endpoint ({@code pifleet/v1/readings}), one connection per device,
 * opened on the device's first message: phases (5) and (6), the MQTT twins of (3) and (4). A message counts as
 * acknowledged when its PUBACK arrives, which the ingest sends only once the readings are stored. Every reading has
 * an id, so the exactly-once check holds them to the same standard as the HTTP phases.
 */
final class MqttWorkload extends BatchWorkload {

    private static final String TOPIC = "pifleet/v1/readings";
    /** Far above what a closed loop keeps in flight per device; the ingest's own bound is 1000. */
    private static final int MAX_IN_FLIGHT = 500;

    private final Vertx vertx;
    private final int port;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** @param batchSize 1 for single readings ({@code {id, sensors, timestamp}}), otherwise {@code {readings:[...]}} */
    MqttWorkload(Vertx vertx, int port, int batchSize) {
        super(batchSize);
        this.vertx = vertx;
        this.port = port;
    }

    @Override
    public Future<Ack> send(BenchDevice device) {
        Connection connection = connections.computeIfAbsent(device.objectId(), id -> new Connection(device));
        return connection.publish(Buffer.buffer(HttpJson.write(Readings.body(batchSize, true))));
    }

    /** Closes every connection (after the phase). */
    void close() {
        connections.values().forEach(connection -> connection.client.disconnect());
        connections.clear();
    }

    /** One device's connection; the messages waiting for their PUBACK fail when it closes (in doubt). */
    private final class Connection {
        final BenchDevice device;
        final MqttClient client;
        final Future<Void> connected;
        final Map<Integer, Promise<Ack>> unacknowledged = new ConcurrentHashMap<>();
        /** PUBACKs that came before the write of their PUBLISH was reported done. */
        final java.util.Set<Integer> acknowledgedEarly = ConcurrentHashMap.newKeySet();

        Connection(BenchDevice device) {
            this.device = device;
            this.client = MqttClient.create(vertx, new MqttClientOptions()
                    .setUsername(device.deviceId()).setPassword(device.apiKey())
                    .setClientId(device.deviceId()).setCleanSession(true)
                    .setMaxInflightQueue(MAX_IN_FLIGHT).setAutoKeepAlive(true).setKeepAliveInterval(30));
            client.publishCompletionHandler(messageId -> {
                Promise<Ack> acknowledged = unacknowledged.remove(messageId);
                if (acknowledged != null) {
                    acknowledged.tryComplete(new Ack(batchSize, 0));
                } else {
                    acknowledgedEarly.add(messageId);
                }
            });
            client.closeHandler(closed -> {
                connections.remove(device.objectId(), this);
                unacknowledged.values().forEach(promise -> promise.tryFail("the MQTT connection closed before PUBACK"));
                unacknowledged.clear();
            });
            this.connected = client.connect(port, "127.0.0.1").mapEmpty();
        }

        Future<Ack> publish(Buffer payload) {
            return connected.compose(ready -> {
                Promise<Ack> acknowledged = Promise.promise();
                // The id is known only once the PUBLISH is written; its PUBACK cannot come before that.
                client.publish(TOPIC, payload, MqttQoS.AT_LEAST_ONCE, false, false).onComplete(sent -> {
                    if (sent.failed()) {
                        acknowledged.tryFail(sent.cause());
                    } else if (acknowledgedEarly.remove(sent.result())) {
                        acknowledged.tryComplete(new Ack(batchSize, 0));
                    } else {
                        unacknowledged.put(sent.result(), acknowledged);
                        if (acknowledgedEarly.remove(sent.result())) {
                            unacknowledged.remove(sent.result());
                            acknowledged.tryComplete(new Ack(batchSize, 0));
                        }
                    }
                });
                return acknowledged.future();
            }, failed -> {
                connections.remove(device.objectId(), this);
                return Future.failedFuture(failed);
            });
        }
    }
}
