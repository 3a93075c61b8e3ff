package dev.pifleet.ingest.heartbeat;

import dev.pifleet.device.fleet.AgentReport;
import dev.pifleet.device.fleet.HeartbeatAnswer;
import dev.pifleet.ingest.device.DeviceIdentity;
import dev.pifleet.ingest.device.DeviceKeyFilter;
import dev.pifleet.ingest.device.DeviceKeyRequired;
import dev.pifleet.ingest.device.LastSeenCoalescer;
import dev.pifleet.ingest.fleet.DeviceFleet;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@DeviceKeyRequired
@Path("/api/device/heartbeat")
@Tag(name = "device")
public class HeartbeatResource {

    private final LastSeenCoalescer lastSeen;
    private final DeviceFleet fleet;

    HeartbeatResource(LastSeenCoalescer lastSeen, DeviceFleet fleet) {
        this.lastSeen = lastSeen;
        this.fleet = fleet;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Mark the device online and store its report; answers the deviceId the key belongs to, the "
            + "desired config version and the number of queued commands",
            description = "Body optional (AgentReport): {uptimeSeconds, agentVersion, os, kernel, backlog, "
                    + "oldestBufferedAgeSeconds, freeDiskBytes, config: {version, appliedAt, error}}. "
                    + "Authorization: Device <apiKey>.")
    public HeartbeatAnswer heartbeat(@Context RoutingContext context, @Valid AgentReport report) {
        DeviceIdentity device = DeviceKeyFilter.device(context);
        lastSeen.markSeen(device);
        return fleet.heartbeat(device, report);
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
