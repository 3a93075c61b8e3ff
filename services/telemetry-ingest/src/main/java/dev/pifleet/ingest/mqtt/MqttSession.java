package dev.pifleet.ingest.mqtt;

import com.fasterxml.jackson.core.JacksonException;
import dev.pifleet.device.ApiKeys;
import dev.pifleet.ingest.data.DataRequest;
import dev.pifleet.ingest.device.DeviceIdentity;
import dev.pifleet.parse.ParseUnavailableException;
import dev.pifleet.service.ApiException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * One device's MQTT connection. A QoS 1 reading is acknowledged (PUBACK; PUBREC for QoS 2) only once
 * {@link dev.pifleet.ingest.data.ReadingIngest} has it stored, a duplicate counting as stored. Readings are stored
 * concurrently but acknowledged in the order they arrived, as MQTT requires. Anything that cannot be stored ends
 * the connection without an acknowledgement, so the client sends the message again after it reconnects: bad input
 * (logged, counted, and throttled per device), the device's rate limit, Parse down or the queue full.
 * Every handler runs on the connection's event loop.
 */
final class MqttSession {

    private static final Logger LOG = Logger.getLogger(MqttSession.class);

    /** A QoS 1/2 message whose acknowledgement waits for its store, and for those that arrived before it. */
    private static final class PendingAck {
        final int messageId;
        final MqttQoS qos;
        boolean stored;

        PendingAck(int messageId, MqttQoS qos) {
            this.messageId = messageId;
            this.qos = qos;
        }
    }

    private final MqttListener listener;
    private final MqttEndpoint endpoint;
    private final Context context;
    private final String address;
    private final ArrayDeque<PendingAck> pending = new ArrayDeque<>();
    private DeviceIdentity device;
    /** Kept to check again while the connection is open (a rotated or revoked key ends it); never logged. */
    private String apiKey;
    private volatile boolean closing;
    /** Whether this connection ended for bad input: the device's slot in the bad-input window stays taken. */
    private boolean endedForBadInput;

    MqttSession(MqttListener listener, MqttEndpoint endpoint) {
        this.listener = listener;
        this.endpoint = endpoint;
        this.context = Vertx.currentContext();
        this.address = endpoint.remoteAddress() == null ? "unknown" : endpoint.remoteAddress().hostAddress();
    }

    void start() {
        endpoint.publishAutoAck(false);
        endpoint.subscriptionAutoAck(false);
        // Set before the key is checked: a client gone meanwhile is not accepted, and is never left registered.
        endpoint.closeHandler(ignored -> closed());
        endpoint.exceptionHandler(problem -> LOG.debugf("MQTT connection from %s: %s", address, problem.getMessage()));
        String username = endpoint.auth() == null ? null : endpoint.auth().getUsername();
        String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
        apiKey = password;
        if (listener.keys.knowsValid(password)) {
            // A key the cache holds as valid costs no lookup, so no budget of wrong keys applies to it.
            authenticate(username, password, false);
            return;
        }
        listener.badCredentials.request(address, new CredentialThrottle.Decision() {
            @Override
            public void lookUp() {
                context.runOnContext(ignored -> authenticate(username, password, true));
            }

            @Override
            public void refuse() {
                context.runOnContext(ignored -> {
                    if (!closing) {
                        refuseConnect("throttled", throttledCode(), "too many wrong keys from " + address);
                    }
                });
            }
        });
    }

    /** Looks the key up; {@code throttled}: the lookup holds a slot of the address's throttle until it ends. */
    private void authenticate(String username, String password, boolean throttled) {
        if (closing) {
            if (throttled) {
                listener.badCredentials.ended(address, false);
            }
            return;
        }
        CompletionStage<DeviceIdentity> authenticated;
        try {
            authenticated = listener.keys.authenticateKeyAsync(password);
        } catch (RuntimeException refused) {
            authenticated = CompletableFuture.failedFuture(refused);
        }
        authenticated.whenComplete((found, failure) -> {
            boolean wrongKey = isWrongKey(username, found, failure);
            if (throttled) {
                // Only a wrong key counts; a right one (or Parse down) gives the slot back at once.
                listener.badCredentials.ended(address, wrongKey);
            }
            context.runOnContext(ignored -> connected(username, found, failure, wrongKey));
        });
    }

    /** One answer for a wrong key and a right key under another device's name. */
    private static boolean isWrongKey(String username, DeviceIdentity found, Throwable failure) {
        return unwrap(failure) instanceof ApiException refused && refused.status() == 401
                || found != null && !found.deviceId().equals(username);
    }

    private void connected(String username, DeviceIdentity found, Throwable failure, boolean wrongKey) {
        if (closing) {
            return;
        }
        if (wrongKey) {
            refuseConnect("not_authorized", notAuthorizedCode(), "wrong device id or key for " + loggable(username));
            return;
        }
        Throwable cause = unwrap(failure);
        if (cause != null) {
            LOG.warnf("MQTT CONNECT of %s from %s not checked: %s", loggable(username), address, cause.getMessage());
            refuseConnect("unavailable", unavailableCode(), null);
            return;
        }
        if (listener.badInput.exhausted(found.objectId())) {
            refuseConnect("throttled", throttledCode(), "device " + found.deviceId()
                    + " lost too many connections for bad input; refused for up to " + listener.badInputWindow());
            return;
        }
        device = found;
        endpoint.publishHandler(this::onPublish);
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(message -> listener.fleet.subscribe(this, message));
        endpoint.unsubscribeHandler(message -> listener.fleet.unsubscribe(this, message));
        endpoint.pingHandler(ignored -> listener.lastSeen.markSeenLater(device));
        // No session state is kept between connections: the reading ids make the client's resends safe instead.
        endpoint.accept(false);
        listener.sessions.put(this, Boolean.TRUE);
        listener.countConnect("accepted");
        listener.lastSeen.markSeenLater(device);
    }

    private void refuseConnect(String result, MqttConnectReturnCode code, String reason) {
        listener.countConnect(result);
        if (reason != null) {
            LOG.infof("MQTT CONNECT from %s refused (%s): %s", address, result, reason);
        }
        endpoint.reject(code);
    }

    private void onPublish(MqttPublishMessage message) {
        if (closing) {
            return;
        }
        PendingAck ack = message.qosLevel() == MqttQoS.AT_MOST_ONCE ? null : new PendingAck(message.messageId(), message.qosLevel());
        if (ack != null) {
            if (pending.size() >= listener.config.maxInFlight()) {
                end("protocol", "more than " + listener.config.maxInFlight() + " unacknowledged messages");
                return;
            }
            pending.add(ack);
        }
        CompletionStage<?> handled;
        try {
            handled = handle(message);
        } catch (RuntimeException failed) {
            handled = CompletableFuture.failedFuture(failed);
        }
        handled.whenComplete((answer, failure) -> context.runOnContext(ignored -> {
            if (failure != null) {
                refuse(unwrap(failure));
            } else if (ack != null) {
                ack.stored = true;
                acknowledgeInOrder();
            }
        }));
    }

    private CompletionStage<?> handle(MqttPublishMessage message) {
        if (MqttTopics.READINGS.equals(message.topicName())) {
            return listener.ingest.store(device, parse(message, DataRequest.class));
        }
        String commandId = MqttTopics.resultCommandId(message.topicName());
        if (commandId != null) {
            return listener.fleet.result(this, commandId, message.payload().getBytes());
        }
        throw ApiException.badRequest("topic", "publish readings to " + MqttTopics.READINGS
                + " or command results to pifleet/v1/commands/<id>/result");
    }

    <T> T parse(MqttPublishMessage message, Class<T> type) {
        return parse(message.payload().getBytes(), type);
    }

    <T> T parse(byte[] payload, Class<T> type) {
        try {
            T parsed = listener.json.readValue(payload, type);
            if (parsed == null) {
                throw ApiException.badRequest("payload", "send a JSON object");
            }
            return parsed;
        } catch (java.io.IOException unreadable) {
            throw ApiException.badRequest("payload", "not the expected JSON: " + firstLine(unreadable.getMessage()));
        }
    }

    private void acknowledgeInOrder() {
        while (!closing && !pending.isEmpty() && pending.peek().stored) {
            PendingAck head = pending.poll();
            if (head.qos == MqttQoS.EXACTLY_ONCE) {
                endpoint.publishReceived(head.messageId);
            } else {
                endpoint.publishAcknowledge(head.messageId);
            }
        }
    }

    /** Ends the connection without acknowledging: the client resends after it reconnects. */
    private void refuse(Throwable failure) {
        // Another device's command (404) or one never sent (409) is bad input too: resending it cannot succeed.
        if (failure instanceof ApiException api && (api.status() == 400 || api.status() == 404 || api.status() == 409)
                || failure instanceof JacksonException) {
            if (!endedForBadInput && !closing) {
                endedForBadInput = true;
                listener.badInput.tryAcquire(device.objectId());
            }
            end("invalid", failure.getMessage());
        } else if (failure instanceof ApiException api && api.status() == 429) {
            end("rate_limited", failure.getMessage());
        } else if (failure instanceof ApiException api && api.status() == 503 || failure instanceof ParseUnavailableException) {
            end("unavailable", failure.getMessage());
        } else {
            LOG.warnf(failure, "MQTT message of %s not stored", device.deviceId());
            end("unavailable", String.valueOf(failure));
        }
    }

    private void end(String reason, String detail) {
        if (closing) {
            return;
        }
        listener.countRefusedMessage(reason);
        LOG.warnf("MQTT connection of device %s closed without acknowledging (%s): %s", device.deviceId(), reason,
                firstLine(detail));
        close();
    }

    void close() {
        context.runOnContext(ignored -> {
            if (!closing) {
                closing = true;
                pending.clear();
                if (endpoint.isConnected()) {
                    endpoint.close();
                }
            }
        });
    }

    private void closed() {
        closing = true;
        if (listener.sessions.remove(this) != null) {
            listener.fleet.disconnected(this);
        }
    }

    /**
     * Checks the connection's key again through the key cache, which drops a changed key within about a second: a
     * connection whose key was rotated or revoked (or whose device was re-paired) is closed, and its reconnect is
     * refused. A key that cannot be checked now (Parse down) keeps the connection.
     */
    void checkKeyStillValid() {
        CompletionStage<DeviceIdentity> current;
        try {
            current = listener.keys.authenticateKeyAsync(apiKey);
        } catch (RuntimeException refused) {
            current = CompletableFuture.failedFuture(refused);
        }
        current.whenComplete((found, failure) -> context.runOnContext(ignored -> {
            boolean revoked = unwrap(failure) instanceof ApiException refused && refused.status() == 401
                    || found != null && !found.equals(device);
            if (revoked && !closing) {
                listener.countConnect("key_revoked");
                LOG.infof("MQTT connection of device %s closed: its key is no longer valid", device.deviceId());
                close();
            }
        }));
    }

    DeviceIdentity device() {
        return device;
    }

    MqttEndpoint endpoint() {
        return endpoint;
    }

    Context context() {
        return context;
    }

    boolean isOpen() {
        return !closing;
    }

    private MqttConnectReturnCode notAuthorizedCode() {
        return isMqtt5() ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
    }

    private MqttConnectReturnCode unavailableCode() {
        return isMqtt5() ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
    }

    private MqttConnectReturnCode throttledCode() {
        // MQTT 3.1.1 has no code for it: "server unavailable" makes clients back off and retry.
        return isMqtt5() ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
    }

    private boolean isMqtt5() {
        return endpoint.protocolVersion() >= 5;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A client's username for the log: never a key sent in the wrong field, never control characters. */
    private static String loggable(String username) {
        if (username == null) {
            return "(no username)";
        }
        if (ApiKeys.isWellFormed(username)) {
            return "(an API key as username)";
        }
        String printable = username.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        // The reason may quote the client's payload: no control characters reach the log.
        String line = (end < 0 ? text : text.substring(0, end)).replaceAll("\\p{Cntrl}", "?");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
