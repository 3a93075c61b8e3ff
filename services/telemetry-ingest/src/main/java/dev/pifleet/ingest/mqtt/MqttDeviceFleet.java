package dev.pifleet.ingest.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pifleet.device.fleet.CommandPoll;
import dev.pifleet.device.fleet.CommandResult;
import dev.pifleet.device.fleet.DeviceCommand;
import dev.pifleet.device.fleet.FleetSettings;
import dev.pifleet.ingest.device.DeviceIdentity;
import dev.pifleet.ingest.fleet.CommandWakeups;
import dev.pifleet.ingest.fleet.DeviceFleet;
import dev.pifleet.service.ApiException;
import dev.pifleet.service.FieldError;
import dev.pifleet.service.FieldPaths;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.virtual.threads.VirtualThreads;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * Config and commands by subscription, through the same code as the agents' HTTP long-poll ({@link DeviceFleet}):
 * a connection subscribed to {@code pifleet/v1/config} or {@code pifleet/v1/commands} runs that long-poll on a
 * virtual thread for as long as it stays subscribed, so a command queued through any replica reaches the replica
 * holding the connection within {@code pifleet.fleet.wake-interval} ({@link CommandWakeups}), and a command handed to
 * the device is marked sent as over HTTP. Results published to {@code pifleet/v1/commands/<id>/result} take the same
 * path as {@code POST /api/device/commands/{id}/result}.
 */
@ApplicationScoped
class MqttDeviceFleet {

    private static final Logger LOG = Logger.getLogger(MqttDeviceFleet.class);
    /** A feed's poll ends this often to see whether its connection is still open. */
    private static final int POLL_SECONDS = Math.min(25, FleetSettings.MAX_WAIT_SECONDS);
    /** Below any version the cloud writes, so that the first poll of a config subscriber answers the document. */
    private static final long NO_VERSION_YET = -1;

    /** What one connection is subscribed to; its poll runs while either is true. */
    private static final class Feed {
        volatile boolean config;
        volatile boolean commands;
        volatile Long configVersion = NO_VERSION_YET;
        boolean running;
    }

    private final DeviceFleet fleet;
    private final CommandWakeups wakeups;
    private final ObjectMapper json;
    private final Validator validator;
    private final ExecutorService threads;
    private final Map<MqttSession, Feed> feeds = new ConcurrentHashMap<>();

    MqttDeviceFleet(DeviceFleet fleet, CommandWakeups wakeups, ObjectMapper json, Validator validator,
            @VirtualThreads ExecutorService threads) {
        this.fleet = fleet;
        this.wakeups = wakeups;
        this.json = json;
        this.validator = validator;
        this.threads = threads;
    }

    void subscribe(MqttSession session, MqttSubscribeMessage message) {
        Feed feed = feeds.computeIfAbsent(session, s -> new Feed());
        List<MqttQoS> granted = new ArrayList<>();
        for (MqttTopicSubscription subscription : message.topicSubscriptions()) {
            String topic = subscription.topicName();
            if (MqttTopics.CONFIG.equals(topic)) {
                feed.config = true;
                // Sent on every subscribe, so a device that (re)subscribes always gets the current document.
                feed.configVersion = NO_VERSION_YET;
            } else if (MqttTopics.COMMANDS.equals(topic)) {
                feed.commands = true;
            } else {
                granted.add(MqttQoS.FAILURE);
                continue;
            }
            // Sent at QoS 1 at most: delivery is tracked by the command's state, not by a QoS 2 handshake.
            granted.add(subscription.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE);
        }
        session.endpoint().subscribeAcknowledge(message.messageId(), granted);
        run(session, feed);
    }

    void unsubscribe(MqttSession session, MqttUnsubscribeMessage message) {
        Feed feed = feeds.get(session);
        if (feed != null) {
            feed.config &= !message.topics().contains(MqttTopics.CONFIG);
            feed.commands &= !message.topics().contains(MqttTopics.COMMANDS);
            wakeups.wake(session.device().objectId());
        }
        session.endpoint().unsubscribeAcknowledge(message.messageId());
    }

    void disconnected(MqttSession session) {
        Feed feed = feeds.remove(session);
        if (feed != null) {
            feed.config = false;
            feed.commands = false;
            wakeups.wake(session.device().objectId());
        }
    }

    /** The device's result for one of its commands; a second result of a finished command is acknowledged too. */
    CompletionStage<?> result(MqttSession session, String commandId, byte[] payload) {
        CommandResult result = session.parse(payload, CommandResult.class);
        List<FieldError> problems = validator.validate(result).stream()
                .map(violation -> new FieldError(FieldPaths.of(violation.getPropertyPath()), violation.getMessage()))
                .toList();
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_input", problems.getFirst().field() + ": " + problems.getFirst().message(),
                    null, problems);
        }
        DeviceIdentity device = session.device();
        return CompletableFuture.runAsync(() -> {
            try {
                fleet.result(device, commandId, result);
            } catch (ApiException conflict) {
                // A resend after a lost PUBACK finds the result stored: as stored as a duplicate reading.
                if (!"already_finished".equals(conflict.code())) {
                    throw conflict;
                }
            }
        }, threads);
    }

    private void run(MqttSession session, Feed feed) {
        synchronized (feed) {
            if (feed.running) {
                // Its poll may be waiting with the old subscriptions: a wake makes it look again at once.
                wakeups.wake(session.device().objectId());
                return;
            }
            feed.running = true;
        }
        threads.execute(() -> {
            try {
                feed(session, feed);
            } finally {
                synchronized (feed) {
                    feed.running = false;
                }
            }
            // A subscribe that came while the loop was ending found it running: start it again for that one.
            if (session.isOpen() && (feed.config || feed.commands) && feeds.get(session) == feed) {
                run(session, feed);
            }
        });
    }

    private void feed(MqttSession session, Feed feed) {
        DeviceIdentity device = session.device();
        while (session.isOpen() && (feed.config || feed.commands)) {
            boolean commands = feed.commands;
            CommandPoll answer;
            try {
                answer = fleet.poll(device, POLL_SECONDS, feed.config ? feed.configVersion : null, commands);
            } catch (RuntimeException failed) {
                // Parse unavailable: the device's next reconnect subscribes again; the queue stays queued.
                LOG.warnf("MQTT fleet feed of %s stopped: %s", device.deviceId(), failed.getMessage());
                session.close();
                return;
            }
            if (answer.config() != null) {
                feed.configVersion = answer.config().version();
                send(session, MqttTopics.CONFIG, answer.config());
            }
            for (DeviceCommand command : answer.commands()) {
                send(session, MqttTopics.COMMANDS, command);
            }
        }
    }

    private void send(MqttSession session, String topic, Object document) {
        Buffer payload;
        try {
            payload = Buffer.buffer(json.writeValueAsBytes(document));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        session.context().runOnContext(ignored -> {
            if (session.isOpen()) {
                session.endpoint().publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false);
            }
        });
    }
}
