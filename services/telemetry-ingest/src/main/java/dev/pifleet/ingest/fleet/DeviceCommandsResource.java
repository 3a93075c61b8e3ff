package dev.pifleet.ingest.fleet;

import dev.pifleet.device.fleet.CommandPoll;
import dev.pifleet.device.fleet.CommandResult;
import dev.pifleet.device.fleet.FleetSettings;
import dev.pifleet.ingest.device.DeviceKeyFilter;
import dev.pifleet.ingest.device.DeviceKeyRequired;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The agent's long-poll and its command results. A held poll parks only its virtual thread (a few KB), so a replica
 * holds thousands cheaply; {@code POST /api/device/data} is untouched by it.
 */
@DeviceKeyRequired
@Path("/api/device/commands")
@Tag(name = "device")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceCommandsResource {

    public record Done(boolean success) {
    }

    private final DeviceFleet fleet;

    DeviceCommandsResource(DeviceFleet fleet) {
        this.fleet = fleet;
    }

    @GET
    @RunOnVirtualThread
    @Operation(summary = "Long-poll: the desired config when its version differs from configVersion, and the queued "
            + "commands (now marked sent); empty after waitSeconds without news")
    public CommandPoll poll(@Context RoutingContext context,
            @QueryParam("waitSeconds") @DefaultValue("0") @Min(0) @Max(FleetSettings.MAX_WAIT_SECONDS) int waitSeconds,
            @QueryParam("configVersion") @PositiveOrZero Long configVersion) {
        return fleet.poll(DeviceKeyFilter.device(context), waitSeconds, configVersion);
    }

    @POST
    @Path("/{id}/result")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "How a command ended: {state: succeeded|failed, result?, error?}; 409 for a second result")
    public Done result(@Context RoutingContext context, @PathParam("id") String commandId,
            @Valid @NotNull CommandResult body) {
        fleet.result(DeviceKeyFilter.device(context), commandId, body);
        return new Done(true);
    }
}
