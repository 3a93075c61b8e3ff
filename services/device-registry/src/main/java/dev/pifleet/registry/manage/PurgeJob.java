package dev.pifleet.registry.manage;

import dev.pifleet.fleet.CommandStore;
import dev.pifleet.fleet.CommandTransitions;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.parse.ParseUnavailableException;
import dev.pifleet.alerts.AlertRuleStore;
import dev.pifleet.alerts.AlertStore;
import dev.pifleet.alerts.DeliveryStore;
import dev.pifleet.devicestore.AccountDeletions;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.registry.rollout.RolloutStore;
import dev.pifleet.sensorlog.RollupStore;
import dev.pifleet.sensorlog.SensorLogStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.virtual.threads.VirtualThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Finishes deleted accounts ({@code AccountDeletion}: their devices handed over for purging, shares, alert rules,
 * alerts and deliveries, rollouts), then deletes the readings, reading summaries, fleet commands (with their
 * transitions) and desired config of devices unpaired with purge, one batch at a time, then their rows. Its to-do list lives in
 * Parse ({@code Device.purgeRequestedAt}), so a restart resumes it; deletes are idempotent, so several replicas may run
 * it at once. An unpair starts a run at once; the schedule picks up whatever a crash or an outage left.
 */
@ApplicationScoped
public class PurgeJob {

    private static final Logger LOG = Logger.getLogger(PurgeJob.class);

    private final DeviceStore devices;
    private final SensorLogStore readings;
    private final RollupStore rollups;
    private final ExecutorService executor;
    private final Counter readingsDeleted;
    private final AtomicBoolean running = new AtomicBoolean();

    private final CommandStore commands;
    private final CommandTransitions transitions;
    private final DeviceConfigStore configs;
    private final AccountDeletions accounts;
    private final AlertRuleStore alertRules;
    private final AlertStore alerts;
    private final DeliveryStore deliveries;
    private final RolloutStore rollouts;

    PurgeJob(DeviceStore devices, SensorLogStore readings, RollupStore rollups, CommandStore commands,
            CommandTransitions transitions, DeviceConfigStore configs, AccountDeletions accounts,
            AlertRuleStore alertRules, AlertStore alerts, DeliveryStore deliveries, RolloutStore rollouts,
            @VirtualThreads ExecutorService executor, MeterRegistry registry) {
        this.accounts = accounts;
        this.alertRules = alertRules;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.rollouts = rollouts;
        this.commands = commands;
        this.transitions = transitions;
        this.configs = configs;
        this.devices = devices;
        this.readings = readings;
        this.rollups = rollups;
        this.executor = executor;
        this.readingsDeleted = Counter.builder("pifleet.purge.readings.deleted")
                .description("Readings deleted by the purge job").register(registry);
    }

    /** Starts a run in the background unless one is under way. */
    void runSoon() {
        executor.execute(this::runOnce);
    }

    @Scheduled(identity = "purge-job", every = "${pifleet.registry.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void runOnce() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            List<AccountDeletions.Pending> deleted;
            while (!(deleted = accounts.pending(DeviceStore.BATCH_SIZE)).isEmpty()) {
                deleted.forEach(this::purgeAccount);
            }
            List<String> pending;
            while (!(pending = devices.devicesToPurge()).isEmpty()) {
                pending.forEach(this::purge);
            }
        } catch (ParseUnavailableException unavailable) {
            LOG.warnf("purge paused, Parse Server is unavailable (the next run continues): %s", unavailable.getMessage());
        } catch (RuntimeException e) {
            LOG.error("purge failed; the next run continues", e);
        } finally {
            running.set(false);
        }
    }

    /**
     * What a deleted account leaves outside its devices; the devices themselves are marked here (again, if the
     * gateway did already) and purged below. The to-do row goes last, so a crash midway repeats the work.
     */
    private void purgeAccount(AccountDeletions.Pending account) {
        devices.purgeAccount(account.userId(), account.email(), Instant.now());
        alertRules.deleteAllOwnedBy(account.userId());
        alerts.deleteAllOwnedBy(account.userId());
        while (deliveries.deleteSomeOwnedBy(account.userId(), DeviceStore.BATCH_SIZE) > 0) {
            // one batch at a time
        }
        while (rollouts.deleteSomeOwnedBy(account.userId(), DeviceStore.BATCH_SIZE) > 0) {
            // one batch at a time
        }
        accounts.done(account.id());
        LOG.infof("deleted account %s purged", account.userId());
    }

    private void purge(String objectId) {
        // Each "delete all" ends only when nothing is left, also when another replica deletes the same rows
        // meanwhile: the device's row goes last, and with it the to-do (a crash before it repeats the work).
        readingsDeleted.increment(readings.deleteAllOf(objectId));
        rollups.deleteAllOf(objectId);
        List<String> commandIds;
        while (!(commandIds = commands.someOf(objectId, DeviceStore.BATCH_SIZE)).isEmpty()) {
            transitions.deleteOf(commandIds);
            commands.delete(commandIds);
        }
        configs.deleteOf(objectId);
        devices.delete(objectId);
    }
}
