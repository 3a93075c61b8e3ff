package dev.pifleet.alerts;

import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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
 * Threshold rules evaluated on the ingest path. Every {@code pifleet.alert-evaluation.refresh-interval} one
 * background pass loads ALL threshold rules and the ids of the rules with an open alert (a few paged queries for
 * the whole fleet, not one per device or reading). {@link #stored} is a map lookup for a device without rules;
 * for a device with rules it hands the readings to a virtual thread, so the device's answer never waits for it.
 */
@ApplicationScoped
public class ThresholdAlerts {

    private static final Logger LOG = Logger.getLogger(ThresholdAlerts.class);
    private static final int MAX_PAGES = 100;

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

    private final ParseClient parse;
    private final AlertTransitions transitions;
    private final boolean enabled;
    private final Semaphore pending;
    private final Counter dropped;
    private final Counter failed;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Map<String, List<RuleState>> byDevice = Map.of();

    ThresholdAlerts(ParseClient parse, AlertTransitions transitions,
            @ConfigProperty(name = "pifleet.alert-evaluation.enabled") boolean enabled,
            @ConfigProperty(name = "pifleet.alert-evaluation.max-pending") int maxPending, MeterRegistry metrics) {
        this.parse = parse;
        this.transitions = transitions;
        this.enabled = enabled;
        this.pending = new Semaphore(maxPending);
        this.dropped = Counter.builder("pifleet.alerts.evaluations.dropped")
                .description("Reading batches not evaluated because too many evaluations were pending").register(metrics);
        this.failed = Counter.builder("pifleet.alerts.transitions.failed")
                .description("Alert opens or resolutions that could not be written; retried on the next reading")
                .register(metrics);
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
                case OPEN -> transitions.open(state.rule, value, Instant.now());
                case RESOLVE -> transitions.resolve(state.rule, value, Instant.now());
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

    @Scheduled(identity = "alert-rule-refresh", every = "${pifleet.alert-evaluation.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (!enabled) {
            return;
        }
        try {
            byDevice = load(byDevice);
        } catch (RuntimeException unavailable) {
            LOG.warnf("alert rules not refreshed, keeping the previous ones: %s", unavailable.getMessage());
        }
    }

    private Map<String, List<RuleState>> load(Map<String, List<RuleState>> previous) {
        Map<String, RuleState> known = new HashMap<>();
        previous.values().forEach(states -> states.forEach(state -> known.put(state.rule.objectId(), state)));
        Set<String> open = openRuleIds();
        Map<String, List<RuleState>> next = new HashMap<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ParseQuery query = ParseQuery.of(AlertRuleStore.CLASS)
                    .containedIn(AlertRuleStore.KIND, List.of(AlertKind.ABOVE.wire(), AlertKind.BELOW.wire()))
                    .orderBy("objectId").limit(AlertRuleStore.PAGE);
            if (after != null) {
                query.greaterThan("objectId", after);
            }
            var rows = parse.find(ParseAuth.master(), query);
            for (var row : rows) {
                AlertRule rule = AlertRuleStore.toRule(row);
                RuleState state = known.getOrDefault(rule.objectId(), null);
                if (state == null) {
                    state = new RuleState(rule);
                }
                syncWithParse(state, open.contains(rule.objectId()));
                next.computeIfAbsent(rule.deviceObjectId(), device -> new ArrayList<>()).add(state);
                after = rule.objectId();
            }
            if (rows.size() < AlertRuleStore.PAGE) {
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
            ParseQuery query = ParseQuery.of(AlertStore.CLASS).exists(AlertStore.OPEN_KEY)
                    .keys(AlertStore.OPEN_KEY).orderBy("objectId").limit(AlertRuleStore.PAGE);
            if (after != null) {
                query.greaterThan("objectId", after);
            }
            var rows = parse.find(ParseAuth.master(), query);
            for (var row : rows) {
                open.add(row.getString(AlertStore.OPEN_KEY));
                after = row.objectId();
            }
            if (rows.size() < AlertRuleStore.PAGE) {
                break;
            }
        }
        return open;
    }

    /** For tests: load the rules now instead of waiting for the next pass. */
    public void refreshNow() {
        refresh();
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}
