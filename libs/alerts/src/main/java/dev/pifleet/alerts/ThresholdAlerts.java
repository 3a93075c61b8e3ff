package dev.pifleet.alerts;

import dev.pifleet.parse.ParseQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Threshold rules evaluated on the ingest path. Every {@code pifleet.alert-evaluation.refresh-interval} (2 s) one
 * background pass brings the rules and their open alerts up to date: only what changed since the previous pass (two
 * indexed queries on {@code changedAt}, reaching {@code change-overlap} further back for other writers' clocks), and
 * every {@code full-refresh-interval} (5 min), or after a failed pass, ALL threshold rules and the ids of the rules
 * with an open alert (paged queries for the whole fleet, not one per device or reading). {@link #stored} is a map lookup for a device without rules;
 * for a device with rules it hands the readings to a virtual thread, so the device's answer never waits for it.
 */
@ApplicationScoped
public class ThresholdAlerts {

    private static final Logger LOG = Logger.getLogger(ThresholdAlerts.class);
    private static final int MAX_PAGES = 100;
    /** Changes one incremental pass reads per class; a full answer means more changed: a full pass follows. */
    static final int CHANGES_LIMIT = ParseQuery.MAX_LIMIT;

    /** One rule's evaluation state; its lock serialises the readings and Parse writes of that rule. */
    static final class RuleState {
        final AlertRule rule;
        final ThresholdEpisode episode;
        final ReentrantLock lock = new ReentrantLock();

        RuleState(AlertRule rule) {
            this.rule = rule;
            this.episode = rule.newEpisode();
        }
    }

    private final AlertRuleStore ruleStore;
    private final AlertStore alertStore;
    private final AlertTransitions transitions;
    private final boolean enabled;
    private final Semaphore pending;
    private final Counter dropped;
    private final Counter failed;
    private final MeterRegistry metrics;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration fullRefreshInterval;
    private final Duration changeOverlap;
    private volatile Map<String, List<RuleState>> byDevice = Map.of();
    private volatile long refreshedAtMillis;
    /** When the last pass started (its changes are covered), and when the last full pass did; null: none yet. */
    private Instant lastPass;
    private Instant lastFullPass;

    ThresholdAlerts(AlertRuleStore ruleStore, AlertStore alertStore, AlertTransitions transitions,
            @ConfigProperty(name = "pifleet.alert-evaluation.enabled") boolean enabled,
            @ConfigProperty(name = "pifleet.alert-evaluation.max-pending") int maxPending,
            @ConfigProperty(name = "pifleet.alert-evaluation.full-refresh-interval") Duration fullRefreshInterval,
            @ConfigProperty(name = "pifleet.alert-evaluation.change-overlap") Duration changeOverlap, MeterRegistry metrics) {
        this.ruleStore = ruleStore;
        this.alertStore = alertStore;
        this.transitions = transitions;
        this.enabled = enabled;
        this.fullRefreshInterval = fullRefreshInterval;
        this.changeOverlap = changeOverlap;
        this.pending = new Semaphore(maxPending);
        this.metrics = metrics;
        this.dropped = Counter.builder("pifleet.alerts.evaluations.dropped")
                .description("Reading batches not evaluated because too many evaluations were pending").register(metrics);
        this.failed = Counter.builder("pifleet.alerts.transitions.failed")
                .description("Alert opens or resolutions that could not be written; retried on the next reading")
                .register(metrics);
        // When the rules were last loaded: tests (and operators) see when a new rule is in force.
        Gauge.builder("pifleet.alerts.rules.refreshed.at", this, alerts -> alerts.refreshedAtMillis)
                .description("Epoch milliseconds of the last completed reload of the threshold rules").register(metrics);
    }

    /** True when the device has threshold rules: the caller builds {@link #stored}'s list only then. */
    public boolean watches(String deviceObjectId) {
        return byDevice.containsKey(deviceObjectId);
    }

    /** Called after the readings are stored; never blocks and never fails the caller. */
    public void stored(String deviceObjectId, List<AlertReading> readings) {
        List<RuleState> rules = byDevice.get(deviceObjectId);
        if (rules == null || readings.isEmpty()) {
            return;
        }
        if (!pending.tryAcquire()) {
            dropped.increment();
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    evaluate(rules, readings);
                } finally {
                    pending.release();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            pending.release();
        }
    }

    private void evaluate(List<RuleState> rules, List<AlertReading> readings) {
        List<AlertReading> ordered = readings.stream().sorted(Comparator.comparing(AlertReading::timestamp)).toList();
        for (RuleState state : rules) {
            state.lock.lock();
            try {
                for (AlertReading reading : ordered) {
                    // Readings arrive as the device sent them: sensor names as the user typed them in the rule (only
                    // SensorLog's stored keys carry dots as U+FF0E).
                    if (reading.sensors().get(state.rule.sensor()) instanceof Number number) {
                        apply(state, state.episode.observe(reading.timestamp(), number.doubleValue()), number.doubleValue());
                    }
                }
            } finally {
                state.lock.unlock();
            }
        }
    }

    private void apply(RuleState state, ThresholdEpisode.Transition transition, double value) {
        try {
            switch (transition) {
                case OPEN -> count("open", transitions.open(state.rule, value, Instant.now()));
                case RESOLVE -> count("resolve", transitions.resolve(state.rule, value, Instant.now()));
                case NONE -> { }
            }
        } catch (RuntimeException notWritten) {
            failed.increment();
            LOG.warnf("alert %s of rule %s not written, retried on the next reading: %s", transition,
                    state.rule.objectId(), notWritten.getMessage());
            if (transition == ThresholdEpisode.Transition.OPEN) {
                state.episode.openFailed();
            } else {
                state.episode.resolveFailed();
            }
        }
    }

    /** won: this replica made the transition (and its notifications); lost: another replica had made it. */
    private void count(String transition, boolean won) {
        metrics.counter("pifleet.alerts.transitions", "transition", transition, "outcome", won ? "won" : "lost")
                .increment();
    }

    @Scheduled(identity = "alert-rule-refresh", every = "${pifleet.alert-evaluation.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (!enabled) {
            return;
        }
        Instant started = Instant.now();
        try {
            boolean full = lastPass == null || lastFullPass == null
                    || !started.isBefore(lastFullPass.plus(fullRefreshInterval));
            if (!full) {
                full = !applyChanges(lastPass.minus(changeOverlap));
            }
            if (full) {
                byDevice = load(byDevice);
                lastFullPass = started;
                metrics.counter("pifleet.alerts.rules.passes", "pass", "full").increment();
            } else {
                metrics.counter("pifleet.alerts.rules.passes", "pass", "changes").increment();
            }
            lastPass = started;
            refreshedAtMillis = started.toEpochMilli();
        } catch (RuntimeException unavailable) {
            // The next pass is a full one: whatever changed meanwhile is read again.
            lastFullPass = null;
            LOG.warnf("alert rules not refreshed, keeping the previous ones: %s", unavailable.getMessage());
        }
    }

    /**
     * Applies the rules created or deleted and the alerts opened or closed after {@code since}; false (nothing
     * applied) when there were too many to read in one go, so that a full pass reads them all.
     */
    private boolean applyChanges(Instant since) {
        List<AlertRuleStore.RuleChange> rules = ruleStore.thresholdRulesChangedSince(since, CHANGES_LIMIT);
        List<Map.Entry<String, Boolean>> alerts = alertStore.ruleStatesChangedSince(since, CHANGES_LIMIT);
        if (rules.size() >= CHANGES_LIMIT || alerts.size() >= CHANGES_LIMIT) {
            return false;
        }
        Map<String, RuleState> known = new HashMap<>();
        byDevice.values().forEach(states -> states.forEach(state -> known.put(state.rule.objectId(), state)));
        Map<String, Boolean> openNow = new HashMap<>();
        alerts.forEach(change -> openNow.put(change.getKey(), change.getValue()));
        boolean rulesChanged = false;
        for (AlertRuleStore.RuleChange change : rules) {
            if (change.rule() == null) {
                rulesChanged |= known.remove(change.ruleId()) != null;
            } else if (!known.containsKey(change.ruleId())) {
                RuleState state = new RuleState(change.rule());
                // A new rule may already have an open alert (made by another replica): one lookup for it.
                openNow.putIfAbsent(change.ruleId(), alertStore.openFor(change.ruleId()).isPresent());
                known.put(change.ruleId(), state);
                rulesChanged = true;
            }
        }
        openNow.forEach((ruleId, open) -> {
            RuleState state = known.get(ruleId);
            if (state != null) {
                syncWithParse(state, open);
            }
        });
        if (rulesChanged) {
            Map<String, List<RuleState>> next = new HashMap<>();
            known.values().forEach(state -> next.computeIfAbsent(state.rule.deviceObjectId(), device -> new ArrayList<>()).add(state));
            byDevice = next;
        }
        return true;
    }

    private Map<String, List<RuleState>> load(Map<String, List<RuleState>> previous) {
        Map<String, RuleState> known = new HashMap<>();
        previous.values().forEach(states -> states.forEach(state -> known.put(state.rule.objectId(), state)));
        Set<String> open = openRuleIds();
        Map<String, List<RuleState>> next = new HashMap<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            List<AlertRule> rules = ruleStore.thresholdRules(after, AlertRuleStore.PAGE);
            for (AlertRule rule : rules) {
                RuleState state = known.get(rule.objectId());
                if (state == null) {
                    state = new RuleState(rule);
                }
                syncWithParse(state, open.contains(rule.objectId()));
                next.computeIfAbsent(rule.deviceObjectId(), device -> new ArrayList<>()).add(state);
                after = rule.objectId();
            }
            if (rules.size() < AlertRuleStore.PAGE) {
                break;
            }
        }
        return next;
    }

    private static void syncWithParse(RuleState state, boolean openInParse) {
        // tryLock: a rule busy writing a transition is synced on the next pass instead of stalling this one.
        if (state.lock.tryLock()) {
            try {
                state.episode.syncFiring(openInParse);
            } finally {
                state.lock.unlock();
            }
        }
    }

    private Set<String> openRuleIds() {
        Set<String> open = new HashSet<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            List<Map.Entry<String, String>> rows = alertStore.openRuleIdPage(after, AlertRuleStore.PAGE);
            for (Map.Entry<String, String> row : rows) {
                open.add(row.getValue());
                after = row.getKey();
            }
            if (rows.size() < AlertRuleStore.PAGE) {
                break;
            }
        }
        return open;
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}
