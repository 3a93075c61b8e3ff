package dev.pifleet.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pifleet.alerts.*}. The intervals have no default here: application.properties sets them (schedules read them). */
@ConfigMapping(prefix = "pifleet.alerts")
public interface AlertingConfig {

    /** Loopback, private, link-local and metadata webhook targets are refused unless this is true. */
    boolean allowPrivateWebhooks();

    Duration sweepInterval();

    /** How long a deleted rule stays a tombstone before the sweep removes it (libs/alerts sets the default). */
    Duration deletedRulesKept();

    Duration deliveryInterval();

    /** Hysteresis when a rule gives none: a value must come back this far past the threshold to resolve. */
    @WithDefault("0.5")
    double defaultDeadband();

    /** The shortest offline forSeconds a rule may have (the 60 s; tests lower it). */
    @WithDefault("60")
    int minOfflineSeconds();

    /** The most rules one user may have. */
    @WithDefault("200")
    int maxRulesPerUser();

    /** One webhook POST may take this long, connecting included. */
    @WithDefault("10s")
    Duration webhookTimeout();

    /** The wait after the first failed attempt; it doubles per attempt up to {@link #retryMaxDelay()}. */
    @WithDefault("30s")
    Duration retryFirstDelay();

    @WithDefault("1h")
    Duration retryMaxDelay();

    /** A delivery still failing this long after its transition is given up (status failed). */
    @WithDefault("24h")
    Duration giveUpAfter();

    /** An attempt claimed but not finished this long ago was interrupted (a crash): the next attempt may start. */
    @WithDefault("5m")
    Duration staleAttemptAfter();

    /** Deliveries sent per pass, in parallel on virtual threads. */
    @WithDefault("50")
    int deliveryBatch();
}
