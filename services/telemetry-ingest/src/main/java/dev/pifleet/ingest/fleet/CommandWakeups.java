package dev.pifleet.ingest.fleet;

import dev.pifleet.fleet.CommandStore;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.fleet.FleetChange;
import dev.pifleet.fleet.FleetConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Wakes the long-polls this replica holds when their device has news, whichever replica or service made it: once per
 * {@code pifleet.fleet.wake-interval} (1 s) it asks Parse for desired documents changed and commands created since its
 * previous look (two indexed queries, reaching {@code wake-overlap} further back for clock skew), and completes the
 * signal of each device it holds that has a change not seen at the previous look. The cost per replica is those two
 * queries a second while it holds at least one long-poll, none while it holds none, whatever the number held; a woken
 * poll then reads its own device's config and queue once.
 *
 * <p>It also remembers which devices were found quiet (a poll's check of Parse found nothing for the config version it
 * asked with), until a look sees a change for them. While its looks have run without a gap since before that check,
 * the device's next poll with the same version needs no check of its own: any change since would be in a look's
 * answer, and wakes it. So an idle Pi re-polling every N seconds costs Parse no read for its config and queue.
 */
@ApplicationScoped
public class CommandWakeups {

    private static final Logger LOG = Logger.getLogger(CommandWakeups.class);
    /** Rows one look reads per class; a full answer wakes every held poll (they re-check; nothing is lost). */
    static final int LOOK_LIMIT = 1000;

    /** The polls held for one device and the signal they wait on; replaced by a fresh one on every wake. */
    private static final class Held {
        int polls;
        CompletableFuture<Void> signal = new CompletableFuture<>();
    }

    private final DeviceConfigStore configs;
    private final CommandStore commands;
    private final FleetConfig config;
    /** A device whose check at {@code checkedAt} found no news for {@code configVersion}. */
    private record Quiet(Long configVersion, Instant checkedAt) {
    }

    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    private final Cache<String, Quiet> quiet = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();
    private Instant lastLook;
    private Set<String> seenAtLastLook = Set.of();
    /** Every change after this has been or will be seen by the looks; null after a gap (a failed or skipped look). */
    private volatile Instant coveredSince;

    CommandWakeups(DeviceConfigStore configs, CommandStore commands, FleetConfig config, MeterRegistry metrics) {
        this.configs = configs;
        this.commands = commands;
        this.config = config;
        Gauge.builder("pifleet.fleet.long-polls.devices", held, ConcurrentHashMap::size)
                .description("Devices with a long-poll held on this replica").register(metrics);
    }

    /** Devices with a poll held on this replica now (also the gauge {@code pifleet.fleet.long-polls.devices}). */
    public int heldDevices() {
        return held.size();
    }

    /** Counts a poll of the device as held until {@link #release}. */
    public void hold(String deviceObjectId) {
        held.compute(deviceObjectId, (id, entry) -> {
            Held now = entry == null ? new Held() : entry;
            now.polls++;
            return now;
        });
    }

    public void release(String deviceObjectId) {
        held.computeIfPresent(deviceObjectId, (id, entry) -> --entry.polls == 0 ? null : entry);
    }

    /** The signal the device's next wake completes; take it before checking Parse, so no wake falls in between. */
    public CompletableFuture<Void> signal(String deviceObjectId) {
        Held entry = held.get(deviceObjectId);
        return entry == null ? new CompletableFuture<>() : entry.signal;
    }

    /** Whether the device's last check found nothing for this version, and no change can have been missed since. */
    public boolean knownQuiet(String deviceObjectId, Long configVersion) {
        Quiet entry = quiet.getIfPresent(deviceObjectId);
        Instant covered = coveredSince;
        return entry != null && covered != null && Objects.equals(entry.configVersion(), configVersion)
                && !entry.checkedAt().minus(config.wakeOverlap()).isBefore(covered);
    }

    /** A check of Parse at {@code checkedAt} found no news for the device at this config version. */
    public void foundQuiet(String deviceObjectId, Long configVersion, Instant checkedAt) {
        quiet.put(deviceObjectId, new Quiet(configVersion, checkedAt));
    }

    /** The device had news (or may have): its next poll checks Parse. */
    public void forgetQuiet(String deviceObjectId) {
        quiet.invalidate(deviceObjectId);
    }

    /** Wakes the device's held polls: they check Parse again (an MQTT device changed its subscriptions). */
    public void wake(String deviceObjectId) {
        CompletableFuture<?>[] woken = new CompletableFuture<?>[1];
        held.computeIfPresent(deviceObjectId, (id, entry) -> {
            woken[0] = entry.signal;
            entry.signal = new CompletableFuture<>();
            return entry;
        });
        if (woken[0] != null) {
            woken[0].complete(null);
        }
    }

    @Scheduled(identity = "fleet-wakeups", every = "${pifleet.fleet.wake-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void look() {
        Instant now = Instant.now();
        if (held.isEmpty()) {
            // A poll that starts now checks Parse itself first: nothing older needs looking for.
            lastLook = now;
            seenAtLastLook = Set.of();
            coveredSince = null;
            return;
        }
        Instant since = (lastLook == null ? now : lastLook).minus(config.wakeOverlap());
        try {
            List<FleetChange> configChanges = configs.changedSince(since, LOOK_LIMIT);
            List<FleetChange> newCommands = commands.queuedSince(since, LOOK_LIMIT);
            if (configChanges.size() >= LOOK_LIMIT || newCommands.size() >= LOOK_LIMIT) {
                quiet.invalidateAll();
                held.keySet().forEach(this::wake);
            }
            Set<String> seen = new HashSet<>();
            for (List<FleetChange> changes : List.of(configChanges, newCommands)) {
                for (FleetChange change : changes) {
                    seen.add(change.signature());
                    // Also a change seen before, while the device is still marked quiet: a check that read Parse
                    // just before the change may have marked it after the previous look.
                    if (!seenAtLastLook.contains(change.signature()) || quiet.getIfPresent(change.deviceObjectId()) != null) {
                        forgetQuiet(change.deviceObjectId());
                        wake(change.deviceObjectId());
                    }
                }
            }
            seenAtLastLook = seen;
            lastLook = now;
            if (coveredSince == null) {
                coveredSince = since;
            }
        } catch (RuntimeException failed) {
            // lastLook stays: the next look covers this window too; quiet devices are checked again meanwhile.
            coveredSince = null;
            LOG.warnf("fleet wake-up look failed (retried in %s): %s", config.wakeInterval(), failed.getMessage());
        }
    }
}
