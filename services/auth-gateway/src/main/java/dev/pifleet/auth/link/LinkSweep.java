package dev.pifleet.auth.link;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes used and expired links once they can no longer matter; any replica may run it, deletes are idempotent. */
@ApplicationScoped
class LinkSweep {

    private static final Logger LOG = Logger.getLogger(LinkSweep.class);

    private final AccountLinks links;

    LinkSweep(AccountLinks links) {
        this.links = links;
    }

    @Scheduled(every = "${pifleet.auth.links.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            int deleted;
            do {
                deleted = links.deleteExpired();
            } while (deleted > 0);
        } catch (RuntimeException parseDown) {
            LOG.debugf("link sweep skipped: %s", parseDown.getMessage());
        }
    }
}
