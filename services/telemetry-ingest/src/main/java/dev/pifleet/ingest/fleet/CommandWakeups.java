package dev.pifleet.ingest.fleet;

import dev.pifleet.fleet.CommandStore;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.fleet.FleetChange;
import dev.pifleet.fleet.FleetConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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
    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    private Instant lastLook;
    private Set<String> seenAtLastLook = Set.of();

    CommandWakeups(DeviceConfigStore configs, CommandStore commands, FleetConfig config, MeterRegistry metrics) {
        this.configs = configs;
        this.commands = commands;
        this.config = config;
        Gauge.builder("pifleet.fleet.long-polls.devices", held, ConcurrentHashMap::size)
                .description("Devices with a long-poll held on this replica").register(metrics);
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

    void wake(String deviceObjectId) {
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
            return;
        }
        Instant since = (lastLook == null ? now : lastLook).minus(config.wakeOverlap());
        try {
            List<FleetChange> configChanges = configs.changedSince(since, LOOK_LIMIT);
            List<FleetChange> newCommands = commands.queuedSince(since, LOOK_LIMIT);
            if (configChanges.size() >= LOOK_LIMIT || newCommands.size() >= LOOK_LIMIT) {
                held.keySet().forEach(this::wake);
            }
            Set<String> seen = new HashSet<>();
            for (List<FleetChange> changes : List.of(configChanges, newCommands)) {
                for (FleetChange change : changes) {
                    seen.add(change.signature());
                    if (!seenAtLastLook.contains(change.signature())) {
                        wake(change.deviceObjectId());
                    }
                }
            }
            seenAtLastLook = seen;
            lastLook = now;
        } catch (RuntimeException failed) {
            // lastLook stays: the next look covers this window too.
            LOG.warnf("fleet wake-up look failed (retried in %s): %s", config.wakeInterval(), failed.getMessage());
        }
    }
}
