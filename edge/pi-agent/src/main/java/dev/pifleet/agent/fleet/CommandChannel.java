package dev.pifleet.agent.fleet;

import dev.pifleet.agent.AgentConfig;
import dev.pifleet.agent.BackgroundLoop;
import dev.pifleet.agent.Ticker;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.cloud.Attempt;
import dev.pifleet.agent.cloud.Backoff;
import dev.pifleet.agent.cloud.CloudClient;
import dev.pifleet.agent.cloud.CloudReply;
import dev.pifleet.agent.sender.Heartbeat;
import dev.pifleet.agent.update.UpdateHandOff;
import dev.pifleet.device.fleet.CommandName;
import dev.pifleet.device.fleet.CommandPoll;
import dev.pifleet.device.fleet.CommandResult;
import dev.pifleet.device.fleet.ConfigReport;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.device.fleet.DeviceCommand;
import dev.pifleet.device.fleet.HeartbeatAnswer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The agent's end of fleet control. While paired it holds {@code GET /api/device/commands} open (the ingest answers at
 * once when the desired settings' version differs from the one the agent knows or a command waits, else empty after
 * the wait), applies a new settings document ({@link FleetConfig}) and reports it by a heartbeat at once, and runs each
 * command once: its id goes into the {@link CommandJournal} (on disk) before it runs, and its result stays there until
 * {@code POST /api/device/commands/{id}/result} is acknowledged (2xx, or 409: the cloud already has one). Errors back
 * off like the uploader; a refused key stops the channel until the Pi is paired again. The heartbeat's answer is the
 * fallback: settings or commands waiting there trigger a poll without waiting.
 */
@Singleton
@RegisterForReflection(targets = {CommandPoll.class, DeviceCommand.class, CommandResult.class,
        DesiredConfig.class, ConfigReport.class, dev.pifleet.device.release.UpdateOffer.class})
public class CommandChannel {

    private static final Logger LOG = Logger.getLogger(CommandChannel.class);
    /** How long the ingest may hold a poll; the request's own timeout is this plus the usual 30 s. */
    static final int WAIT_SECONDS = 30;
    /** How often an unpaired agent looks whether it has a key now. */
    private static final Duration UNPAIRED_LOOK = Duration.ofSeconds(2);

    private final CloudClient cloud;
    private final CredentialsStore credentials;
    private final FleetConfig fleet;
    private final CommandJournal journal;
    private final CommandRunner runner;
    private final Heartbeat heartbeat;
    private final UpdateHandOff updates;
    private final Backoff backoff;
    private final Ticker ticker = new Ticker();
    private volatile boolean pollAtOnce;
    private volatile Attempt lastPoll;
    private BackgroundLoop loop;

    CommandChannel(CloudClient cloud, CredentialsStore credentials, FleetConfig fleet, CommandRunner runner,
            Heartbeat heartbeat, UpdateHandOff updates, AgentConfig config) {
        this.cloud = cloud;
        this.credentials = credentials;
        this.fleet = fleet;
        this.runner = runner;
        this.heartbeat = heartbeat;
        this.updates = updates;
        this.journal = new CommandJournal(config.stateDir());
        this.backoff = new Backoff(config.upload().initialBackoff(), config.upload().maxBackoff(), RandomGenerator.getDefault());
        heartbeat.onAnswer(this::heartbeatAnswered);
    }

    void start(@Observes StartupEvent started) {
        for (CommandJournal.Entry entry : journal.recoverAfterRestart(Instant.now())) {
            LOG.infof("command %s (%s) was cut short by a restart: reporting it %s", entry.id(), entry.name(), entry.state());
        }
        loop = BackgroundLoop.start("commands", LOG, this::step);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        loop.stop();
    }

    public CommandJournal journal() {
        return journal;
    }

    public Optional<Attempt> lastPoll() {
        return Optional.ofNullable(lastPoll);
    }

    /** The heartbeat's answer names a settings version or commands the agent does not have: ask now. */
    private void heartbeatAnswered(HeartbeatAnswer answer) {
        if (answer.configVersion() != fleet.knownVersion() || answer.pendingCommands() > 0) {
            pollAtOnce = true;
            ticker.now();
        }
    }

    private void step() throws InterruptedException {
        Optional<String> key = credentials.usableKey();
        if (key.isEmpty()) {
            ticker.awaitNext(Instant.now(), () -> UNPAIRED_LOOK);
            return;
        }
        Optional<Duration> pause = reportResults(key.get());
        // Reporting may have ended the pairing (unpair) or found the key refused.
        Optional<String> stillKey = credentials.usableKey();
        if (pause.isEmpty() && stillKey.isPresent()) {
            pause = poll(stillKey.get());
        }
        if (pause.isPresent()) {
            Instant from = Instant.now();
            Duration wait = pause.get();
            ticker.awaitNext(from, () -> wait);
        }
    }

    /** One long-poll and what it brought; empty to poll again at once, else the wait first. */
    private Optional<Duration> poll(String key) {
        int wait = pollAtOnce ? 0 : WAIT_SECONDS;
        pollAtOnce = false;
        CloudReply reply;
        try {
            reply = cloud.pollCommands(key, wait, fleet.knownVersion());
        } catch (IOException e) {
            lastPoll = new Attempt(Instant.now(), "network error: " + e.getClass().getSimpleName());
            return Optional.of(backoff.next());
        }
        lastPoll = new Attempt(Instant.now(), reply.summary());
        if (reply.keyRefused()) {
            LOG.warn("the cloud refused this device's key: the Pi asks for a claim code to be paired again");
            credentials.markRejected(key);
            return Optional.empty();
        }
        Optional<CommandPoll> answer = reply.ok() ? reply.as(CommandPoll.class) : Optional.empty();
        if (answer.isEmpty()) {
            return Optional.of(backoff.next(reply.retryable() ? reply.retryAfter() : Optional.empty()));
        }
        backoff.reset();
        if (answer.get().config() != null) {
            fleet.offer(answer.get().config(), Instant.now());
            // An update offer is taken whether or not this Pi can apply the document's settings.
            updates.offered(answer.get().config().update());
            // The owner sees "applied" (or the reason it was not) within seconds, not at the next heartbeat.
            heartbeat.soon();
        }
        if (answer.get().commands() != null) {
            for (DeviceCommand command : answer.get().commands()) {
                take(command);
                reportResults(key);
            }
        }
        return Optional.empty();
    }

    /** Runs a command unless its id is in the journal already; the id is on disk before it runs. */
    private void take(DeviceCommand command) {
        if (command.id() == null || command.name() == null) {
            LOG.warn("the cloud sent a command without an id or name; ignored");
            return;
        }
        if (!journal.record(command.id(), command.name(), Instant.now())) {
            LOG.infof("command %s (%s) was run before: not again", command.id(), command.name());
            return;
        }
        LOG.infof("running command %s (%s)", command.id(), command.name());
        Optional<CommandResult> outcome;
        try {
            outcome = runner.run(command);
        } catch (RuntimeException e) {
            LOG.errorf(e, "command %s (%s) failed", command.id(), command.name());
            outcome = Optional.of(new CommandResult(CommandJournal.FAILED, null, "the agent failed: "
                    + e.getClass().getSimpleName()));
        }
        outcome.ifPresent(result -> journal.finish(command.id(), result, Instant.now()));
    }

    /**
     * Sends every result the cloud has not acknowledged yet, with the key in force now (after rotate-key: the new one).
     * Empty when all went, else how long to wait before trying again.
     */
    private Optional<Duration> reportResults(String key) {
        for (CommandJournal.Entry entry : journal.unacknowledged()) {
            String current = credentials.usableKey().orElse(key);
            CloudReply reply;
            try {
                reply = cloud.commandResult(current, entry.id(), entry.outcome());
            } catch (IOException e) {
                return Optional.of(backoff.next());
            }
            if (reply.status() / 100 == 2 || reply.status() == 409) {
                journal.acknowledged(entry.id());
                afterAcknowledged(entry);
            } else if (reply.keyRefused()) {
                if (isUnpair(entry)) {
                    // The cloud no longer knows the key: the device is gone there already, so the unpair is done.
                    journal.acknowledged(entry.id());
                    afterAcknowledged(entry);
                    return Optional.empty();
                }
                credentials.markRejected(current);
                return Optional.empty();
            } else if (reply.retryable()) {
                return Optional.of(backoff.next(reply.retryAfter()));
            } else {
                LOG.warnf("the cloud will not take the result of command %s (%s): %s; dropped", entry.id(),
                        entry.name(), reply.summary());
                journal.acknowledged(entry.id());
            }
        }
        return Optional.empty();
    }

    /** unpair: the result went first (with the key), then the key and the cloud's settings are forgotten. */
    private void afterAcknowledged(CommandJournal.Entry entry) {
        if (isUnpair(entry) && CommandJournal.SUCCEEDED.equals(entry.state())) {
            LOG.info("unpaired by the cloud: the key is forgotten; the Pi shows a claim code again");
            credentials.forget();
            fleet.forget();
        }
    }

    private static boolean isUnpair(CommandJournal.Entry entry) {
        return CommandName.UNPAIR.wireName().equals(entry.name());
    }
}
