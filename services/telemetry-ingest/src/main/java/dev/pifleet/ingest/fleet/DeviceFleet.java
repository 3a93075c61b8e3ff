package dev.pifleet.ingest.fleet;

import dev.pifleet.device.fleet.AgentReport;
import dev.pifleet.device.fleet.CommandPoll;
import dev.pifleet.device.fleet.CommandResult;
import dev.pifleet.device.fleet.CommandState;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.device.fleet.DeviceCommand;
import dev.pifleet.device.fleet.HeartbeatAnswer;
import dev.pifleet.fleet.CommandPayloads;
import dev.pifleet.fleet.CommandStore;
import dev.pifleet.fleet.CommandTransitions;
import dev.pifleet.fleet.ConfigRow;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.fleet.FleetConfig;
import dev.pifleet.fleet.FleetDevice;
import dev.pifleet.fleet.ReportCoalescing;
import dev.pifleet.fleet.StoredCommand;
import dev.pifleet.ingest.device.DeviceIdentity;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The device's side of fleet control: its long-poll, its command results and what its heartbeat reports. */
@ApplicationScoped
public class DeviceFleet {

    /** Commands handed out per answer; more wait for the next poll, which the agent sends at once. */
    static final int MAX_COMMANDS_PER_ANSWER = 20;
    private static final CommandPoll NOTHING = new CommandPoll(true, null, List.of());

    private final DeviceConfigStore configs;
    private final CommandStore commands;
    private final CommandTransitions transitions;
    private final CommandWakeups wakeups;
    private final FleetConfig config;

    DeviceFleet(DeviceConfigStore configs, CommandStore commands, CommandTransitions transitions, CommandWakeups wakeups,
            FleetConfig config) {
        this.configs = configs;
        this.commands = commands;
        this.transitions = transitions;
        this.wakeups = wakeups;
        this.config = config;
    }

    /**
     * Answers at once when the desired version differs from {@code configVersion} (not compared when null) or a command
     * is queued, else when a wake-up brings news, else empty after {@code waitSeconds}. Blocks its (virtual) thread.
     */
    public CommandPoll poll(DeviceIdentity device, int waitSeconds, Long configVersion) {
        return poll(device, waitSeconds, configVersion, true);
    }

    /**
     * As {@link #poll(DeviceIdentity, int, Long)}; without {@code takeCommands} no command is handed out (an MQTT
     * device subscribed to its config only), and the device is never marked quiet, as its queue was not looked at.
     */
    public CommandPoll poll(DeviceIdentity device, int waitSeconds, Long configVersion, boolean takeCommands) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        String id = device.objectId();
        wakeups.hold(id);
        try {
            // A device found quiet and not changed since needs no check before it waits (CommandWakeups).
            boolean check = waitSeconds == 0 || !takeCommands || !wakeups.knownQuiet(id, configVersion);
            while (true) {
                CompletableFuture<Void> signal = wakeups.signal(id);
                CommandPoll answer = NOTHING;
                if (check) {
                    Instant checkedAt = Instant.now();
                    answer = check(device, configVersion, checkedAt, takeCommands);
                    if (answer.config() != null || !answer.commands().isEmpty()) {
                        wakeups.forgetQuiet(id);
                        return answer;
                    }
                    if (takeCommands) {
                        wakeups.foundQuiet(id, configVersion, checkedAt);
                    }
                }
                check = true;
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return answer;
                }
                try {
                    signal.get(remaining, TimeUnit.NANOSECONDS);
                } catch (TimeoutException quiet) {
                    return answer;
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return answer;
                } catch (ExecutionException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        } finally {
            wakeups.release(id);
        }
    }

    private CommandPoll check(DeviceIdentity device, Long configVersion, Instant now, boolean takeCommands) {
        DesiredConfig desired = configs.find(device.objectId()).desired();
        DesiredConfig config = configVersion != null && desired.version() != configVersion ? desired : null;
        List<StoredCommand> queued = takeCommands ? commands.deliverable(device.objectId(), now, MAX_COMMANDS_PER_ANSWER)
                : List.of();
        List<DeviceCommand> sent = queued.isEmpty() ? List.of()
                : transitions.deliver(queued, now).stream().map(StoredCommand::toDevice).toList();
        return new CommandPoll(true, config, sent);
    }

    /** The device's result for one of its commands: another device's command is 404, a second result 409. */
    public void result(DeviceIdentity device, String commandId, CommandResult result) {
        CommandPayloads.requireStorable("result", result.result());
        CommandPayloads.requireStorableText("error", result.error());
        StoredCommand command = commands.ofDevice(device.objectId(), commandId)
                .orElseThrow(() -> ApiException.notFound("no such command"));
        CommandState outcome = CommandState.fromWire(result.state()).orElseThrow();
        switch (transitions.finish(command, outcome, result.result(), result.error(), Instant.now())) {
            case STORED -> {
            }
            case ALREADY_FINISHED -> throw ApiException.conflict("already_finished",
                    "this command already has its result (or expired)");
            case NOT_SENT -> throw ApiException.conflict("not_sent", "this command was never sent to the device");
        }
    }

    /** The 400 for a report whose texts Parse could not store; checked before the heartbeat writes anything. */
    public static void requireStorable(AgentReport report) {
        if (report != null) {
            CommandPayloads.requireStorableText("agentVersion", report.agentVersion());
            CommandPayloads.requireStorableText("os", report.os());
            CommandPayloads.requireStorableText("kernel", report.kernel());
            CommandPayloads.requireStorableText("config.error", report.config() == null ? null : report.config().error());
        }
    }

    /**
     * Stores the heartbeat's report when it is worth a write ({@link ReportCoalescing}) and answers the desired
     * version and the number of queued commands: the long-poll's fallback.
     */
    public HeartbeatAnswer heartbeat(DeviceIdentity device, AgentReport report) {
        Instant now = Instant.now();
        ConfigRow row = configs.find(device.objectId());
        if (report != null && ReportCoalescing.worthWriting(row, report, now, config.reportRefresh())) {
            configs.report(new FleetDevice(device.objectId(), device.deviceId(), device.ownerId()), row, report, now);
        }
        long pending = commands.countDeliverable(device.objectId(), now);
        return new HeartbeatAnswer(true, now, device.deviceId(), row.desired().version(), (int) Math.min(pending, Integer.MAX_VALUE));
    }
}
