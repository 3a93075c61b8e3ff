package dev.pifleet.agent.update;

import dev.pifleet.agent.AgentConfig;
import dev.pifleet.agent.fleet.FleetConfig;
import dev.pifleet.agent.sender.Heartbeat;
import dev.pifleet.device.release.ReleaseSignature;
import dev.pifleet.device.release.UpdateOffer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The agent's side of an update (docs/ota.md): an offer in the desired document becomes a request for the root
 * updater ({@link UpdateRequest}), unless the updater has it already (its journal names this rollout and version,
 * finished or in hand). In the simulated mode (the local run) the agent runs the {@link Updater} itself, with a
 * {@link SimulatedInstaller}, on its own thread.
 */
@Singleton
public class UpdateHandOff {

    private static final Logger LOG = Logger.getLogger(UpdateHandOff.class);

    private final UpdateStatus status;
    private final FleetConfig fleet;
    private final Path requestDir;
    private final AgentConfig.Update settings;
    private final Heartbeat heartbeat;
    private final Path stateDir;
    private volatile ExecutorService simulation;
    private volatile SimulatedInstaller simulatedInstaller;
    private volatile Updater simulatedUpdater;
    private volatile UpdateOffer submitted;

    UpdateHandOff(UpdateStatus status, FleetConfig fleet, Heartbeat heartbeat, AgentConfig config) {
        this.status = status;
        this.fleet = fleet;
        this.heartbeat = heartbeat;
        this.settings = config.update();
        this.requestDir = config.update().requestDir();
        this.stateDir = config.stateDir();
        if (status.simulated()) {
            // Ready before the command channel's first offer, whichever start-up observer runs first.
            simulated();
        }
    }

    private void simulated() {
        List<PublicKey> keys;
        try {
            keys = ReleaseSignature.loadFolders(settings.releaseKeysDirs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trusted release keys", e);
        }
        LOG.infof("agent updates are simulated (pifleet.agent.update.install=simulated), %d trusted release key(s)",
                keys.size());
        simulatedInstaller = new SimulatedInstaller(status, heartbeat::soon);
        simulatedUpdater = new Updater(status.journalDir(), keys, simulatedInstaller, new HttpDownload(),
                HealthRecord.of(stateDir), settings.healthTimeout(), settings.allowHttp(),
                Clock.systemUTC(), Thread::sleep);
        simulation = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulated-updater");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start(@Observes StartupEvent started) {
        if (status.simulated()) {
            // A simulated install cut short by a restart of the agent is finished or undone, as the boot run does.
            simulation.submit(() -> runSimulated(Optional.empty()));
        }
        Optional.ofNullable(fleet.applied().update()).ifPresent(this::offered);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        if (simulation != null) {
            simulation.shutdownNow();
            simulation.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The desired document's offer (null when none): requested once, never again once the updater has it. */
    public synchronized void offered(UpdateOffer offer) {
        if (offer == null || offer.rolloutId() == null || offer.version() == null) {
            return;
        }
        Optional<UpdateJournal.Entry> latest = status.latest();
        if (latest.isPresent() && UpdateRequest.same(latest.get().offer(), offer)
                && !interruptedBeforeInstalling(latest.get())) {
            return;
        }
        if (UpdateRequest.same(submitted, offer)) {
            return;
        }
        submitted = offer;
        if (status.simulated()) {
            LOG.infof("simulating the update to %s (rollout %s)", offer.version(), offer.rolloutId());
            simulation.submit(() -> runSimulated(Optional.of(offer)));
            return;
        }
        if (UpdateRequest.peek(requestDir).filter(waiting -> UpdateRequest.same(waiting, offer)).isPresent()) {
            return;
        }
        try {
            UpdateRequest.write(requestDir, offer);
            LOG.infof("asked the updater to install %s (rollout %s)", offer.version(), offer.rolloutId());
        } catch (UncheckedIOException e) {
            submitted = null;
            LOG.errorf("cannot write the update request in %s (is the updater installed? the folder must be writable"
                    + " by the agent's user): %s", requestDir, e.getCause().getMessage());
        }
    }

    /** Downloading or verifying with no updater running any more: nothing changed yet, so asking again is safe. */
    private boolean interruptedBeforeInstalling(UpdateJournal.Entry entry) {
        return !status.simulated() && !entry.finished() && UpdateRequest.peek(requestDir).isEmpty()
                && (UpdateJournal.DOWNLOADING.equals(entry.phase()) || UpdateJournal.VERIFYING.equals(entry.phase()))
                && entry.at() != null && entry.at().isBefore(Instant.now().minus(Duration.ofMinutes(15)));
    }

    private void runSimulated(Optional<UpdateOffer> offer) {
        try {
            offer.ifPresent(o -> simulatedInstaller.offered = o.version());
            String running = status.runningVersion();
            SimulatedInstaller.keepStandIn(simulatedUpdater.kept(running), running);
            simulatedUpdater.run(offer).ifPresent(end -> LOG.infof("simulated update to %s: %s%s",
                    end.offer().version(), end.phase(), end.reason() == null ? "" : " (" + end.reason() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "the simulated update failed");
        }
        heartbeat.soon();
    }
}
