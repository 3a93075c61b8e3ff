package dev.pifleet.registry.rollout;

import dev.pifleet.parse.ParseUnavailableException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Moves running rollouts on without anyone watching: a wave whose devices have all finished starts the next, a failure
 * past the threshold pauses. Every replica runs it; the steps' unique keys make each happen once.
 */
@ApplicationScoped
public class RolloutSweep {

    private static final Logger LOG = Logger.getLogger(RolloutSweep.class);
    private final Rollouts rollouts;

    RolloutSweep(Rollouts rollouts) {
        this.rollouts = rollouts;
    }

    @Scheduled(identity = "rollout-sweep", every = "${pifleet.rollouts.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepOnSchedule() {
        try {
            int stepped = rollouts.sweep(Instant.now());
            if (stepped > 0) {
                LOG.debugf("rollout sweep: %d rollouts moved on", stepped);
            }
        } catch (ParseUnavailableException unavailable) {
            LOG.warnf("rollout sweep skipped, Parse Server is unavailable: %s", unavailable.getMessage());
        }
    }
}
