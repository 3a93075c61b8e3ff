package dev.pifleet.registry.status;

import dev.pifleet.parse.ParseUnavailableException;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.fleet.OfflineTimeout;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps {@code Device.status} in Parse true: the telemetry-ingest sets a device online when it hears
 * from it, and this sweep sets it offline once it has been quiet longer than the offline timeout.
 * A device heard from between the query and the write is briefly stored offline until its next
 * contact; what users see is computed from lastSeen ({@link OfflineTimeout}), so it stays right.
 */
@ApplicationScoped
public class OfflineSweep {

    private static final Logger LOG = Logger.getLogger(OfflineSweep.class);

    private final DeviceStore devices;
    private final OfflineTimeout timeout;

    OfflineSweep(DeviceStore devices, OfflineTimeout timeout) {
        this.devices = devices;
        this.timeout = timeout;
    }

    @Scheduled(identity = "offline-sweep", every = "${pifleet.registry.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepOnSchedule() {
        try {
            long marked = markQuietDevicesOffline();
            if (marked > 0) {
                LOG.debugf("offline sweep: %d devices marked offline", marked);
            }
        } catch (ParseUnavailableException unavailable) {
            LOG.warnf("offline sweep skipped, Parse Server is unavailable: %s", unavailable.getMessage());
        }
    }

    /** Marks every device that went quiet offline, one batch at a time; returns how many. */
    private long markQuietDevicesOffline() {
        var quietSince = timeout.quietSince();
        long marked = 0;
        List<String> quiet;
        while (!(quiet = devices.quietOnlineDevices(quietSince)).isEmpty()) {
            long written = devices.markOffline(quiet);
            marked += written;
            if (written == 0) {
                break;
            }
        }
        return marked;
    }
}
