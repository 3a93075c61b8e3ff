package dev.pifleet.bench.faults;

import dev.pifleet.bench.BenchDevice;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Batches as QoS 1 PUBLISHes to {@code pifleet/v1/readings}, one connection per device, one message in flight: a
 * batch is acknowledged by its PUBACK, which the ingest sends only once every reading is stored. When the connection
 * closes (the ingest closes it when it cannot store: Parse down, queue full), CONNECT is refused (CONNACK 3) or no
 * PUBACK comes in time, the batch is resent on a new connection with the same reading ids, as MQTT clients resend
 * unacknowledged messages after reconnecting.
 */
final class MqttSender implements SteadyLoad.Sender {

    private static final String TOPIC = "pifleet/v1/readings";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Above the ingest's own store timeout (10 s), so the ingest decides first. */
    private static final Duration PUBACK_TIMEOUT = Duration.ofSeconds(20);

    private final Vertx vertx;
    private final int port;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    MqttSender(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    @Override
    public void send(BenchDevice device, String body, int readings) throws SteadyLoad.SendFailure, InterruptedException {
        Connection connection = connections.get(device.objectId());
        if (connection == null || !connection.client.isConnected()) {
            connection = connect(device);
            connections.put(device.objectId(), connection);
        }
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        connection.waiting = acknowledged;
        Connection current = connection;
        connection.client.publish(TOPIC, Buffer.buffer(body), MqttQoS.AT_LEAST_ONCE, false, false)
                .onFailure(acknowledged::completeExceptionally);
        try {
            acknowledged.get(PUBACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            drop(device, current);
            throw new SteadyLoad.SendFailure("timeout", "no PUBACK within " + PUBACK_TIMEOUT.toSeconds() + " s", false);
        } catch (ExecutionException e) {
            drop(device, current);
            throw new SteadyLoad.SendFailure("connection closed before PUBACK", String.valueOf(e.getCause()), false);
        }
    }

    /** Closes every connection (after the fault). */
    void close() {
        connections.values().forEach(connection -> connection.client.disconnect());
        connections.clear();
    }

    private Connection connect(BenchDevice device) throws SteadyLoad.SendFailure, InterruptedException {
        MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
                .setUsername(device.deviceId()).setPassword(device.apiKey())
                .setClientId(device.deviceId()).setCleanSession(true)
                .setAutoKeepAlive(true).setKeepAliveInterval(30));
        Connection connection = new Connection(client);
        // One message in flight per connection: any PUBACK is the waiting batch's.
        client.publishCompletionHandler(messageId -> {
            CompletableFuture<Void> waiting = connection.waiting;
            if (waiting != null) {
                waiting.complete(null);
            }
        });
        client.closeHandler(closed -> {
            CompletableFuture<Void> waiting = connection.waiting;
            if (waiting != null) {
                waiting.completeExceptionally(new IllegalStateException("the MQTT connection closed before PUBACK"));
            }
        });
        try {
            client.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture()
                    .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return connection;
        } catch (ExecutionException e) {
            client.disconnect();
            if (e.getCause() instanceof MqttConnectionException refused) {
                throw new SteadyLoad.SendFailure("CONNACK " + refused.code().byteValue(), refused.getMessage(), false);
            }
            throw new SteadyLoad.SendFailure("connect failed", String.valueOf(e.getCause()), false);
        } catch (TimeoutException e) {
            client.disconnect();
            throw new SteadyLoad.SendFailure("connect timeout", "no CONNACK within " + CONNECT_TIMEOUT.toSeconds() + " s",
                    false);
        }
    }

    private void drop(BenchDevice device, Connection connection) {
        connections.remove(device.objectId(), connection);
        if (connection.client.isConnected()) {
            connection.client.disconnect();
        }
    }

    private static final class Connection {
        final MqttClient client;
        volatile CompletableFuture<Void> waiting;

        Connection(MqttClient client) {
            this.client = client;
        }
    }
}
