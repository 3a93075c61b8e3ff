package dev.pifleet.ingest.heartbeat;

import dev.pifleet.ingest.device.DeviceIdentity;
import dev.pifleet.ingest.device.DeviceKeyFilter;
import dev.pifleet.ingest.device.DeviceKeyRequired;
import dev.pifleet.ingest.device.LastSeenCoalescer;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@DeviceKeyRequired
@Path("/api/device/heartbeat")
@Tag(name = "device")
public class HeartbeatResource {

    private static final Logger LOG = Logger.getLogger(HeartbeatResource.class);

    private final LastSeenCoalescer lastSeen;

    HeartbeatResource(LastSeenCoalescer lastSeen) {
        this.lastSeen = lastSeen;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Mark the device online; answers the deviceId the key belongs to",
            description = "Body optional: {uptimeSeconds, agentVersion}. Authorization: Device <apiKey>.")
    public HeartbeatAnswer heartbeat(@Context RoutingContext context, @Valid HeartbeatRequest request) {
        DeviceIdentity device = DeviceKeyFilter.device(context);
        lastSeen.markSeen(device);
        if (request != null) {
            LOG.debugf("heartbeat from %s: agent %s, up %s s", device.deviceId(), request.agentVersion(), request.uptimeSeconds());
        }
        return new HeartbeatAnswer(true, Instant.now(), device.deviceId());
    }

    /** The seed's heartbeat: no body and no Content-Type, which the JSON method above cannot read. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(hidden = true)
    public HeartbeatAnswer heartbeatWithoutBody(@Context RoutingContext context) {
        return heartbeat(context, null);
    }
}
