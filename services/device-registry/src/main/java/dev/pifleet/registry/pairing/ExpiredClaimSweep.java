package dev.pifleet.registry.pairing;

import dev.pifleet.parse.ParseUnavailableException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import dev.pifleet.devicestore.OnceKeys;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes claims whose code expired (anyone can make new agent key pairs, so their rows must not pile up) and
 * {@code OnceKey}s kept long enough. Idempotent, so every replica may run it.
 */
@ApplicationScoped
public class ExpiredClaimSweep {

    private static final Logger LOG = Logger.getLogger(ExpiredClaimSweep.class);
    /** A bound on one run's work; the next run continues. */
    private static final int MAX_BATCHES_PER_RUN = 20;

    private final AgentClaimStore claims;
    private final OnceKeys onceKeys;
    private final Duration keepAfterExpiry;

    ExpiredClaimSweep(AgentClaimStore claims, OnceKeys onceKeys, PairingConfig config) {
        this.claims = claims;
        this.onceKeys = onceKeys;
        this.keepAfterExpiry = config.signatureMaxAge();
    }

    @Scheduled(identity = "expired-claim-sweep", every = "${pifleet.pairing.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepOnSchedule() {
        try {
            int deleted = sweep();
            if (deleted > 0) {
                LOG.debugf("expired claim sweep: %d claims and once-keys deleted", deleted);
            }
        } catch (ParseUnavailableException unavailable) {
            LOG.warnf("expired claim sweep skipped, Parse Server is unavailable: %s", unavailable.getMessage());
        }
    }

    public int sweep() {
        Instant now = Instant.now();
        return sweep(() -> claims.deleteExpired(now.minus(keepAfterExpiry))) + sweep(() -> onceKeys.deleteExpired(now));
    }

    private static int sweep(java.util.function.IntSupplier oneBatch) {
        int deleted = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            int now = oneBatch.getAsInt();
            deleted += now;
            if (now == 0) {
                break;
            }
        }
        return deleted;
    }
}
