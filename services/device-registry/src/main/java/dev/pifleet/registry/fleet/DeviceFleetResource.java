package dev.pifleet.registry.fleet;

import dev.pifleet.device.DeviceId;
import dev.pifleet.fleet.CommandRequest;
import dev.pifleet.fleet.ConfigChange;
import dev.pifleet.registry.fleet.FleetAnswers.CommandPage;
import dev.pifleet.registry.fleet.FleetAnswers.ConfigAnswer;
import dev.pifleet.registry.fleet.FleetAnswers.OneCommand;
import dev.pifleet.service.ApiScope;
import dev.pifleet.session.SessionVerifier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One device's desired configuration and commands (docs/fleet.md). */
@Path("/api/devices/{deviceId}")
@Tag(name = "fleet")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceFleetResource {

    private final SessionVerifier sessions;
    private final OwnedFleet fleet;

    DeviceFleetResource(SessionVerifier sessions, OwnedFleet fleet) {
        this.sessions = sessions;
        this.fleet = fleet;
    }

    @GET
    @Path("/config")
    @RunOnVirtualThread
    @Operation(summary = "The desired configuration, what the agent reported, and applied | pending | rejected")
    public ConfigAnswer config(@PathParam("deviceId") @DeviceId String deviceId, @Context HttpHeaders headers) {
        return fleet.config(userId(headers, ApiScope.READ), deviceId);
    }

    @PATCH
    @Path("/config")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Change any subset of the settings; each change makes a new version")
    public ConfigAnswer change(@PathParam("deviceId") @DeviceId String deviceId, @Valid @NotNull ConfigChange body,
            @Context HttpHeaders headers) {
        return fleet.change(userId(headers, ApiScope.DEVICES), deviceId, body);
    }

    @POST
    @Path("/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Queue a command: {name, ttlSeconds?, args?}; 201 with the command")
    public Response queue(@PathParam("deviceId") @DeviceId String deviceId, @Valid @NotNull CommandRequest body,
            @Context HttpHeaders headers) {
        return Response.status(Response.Status.CREATED)
                .entity(new OneCommand(true, fleet.queue(userId(headers, ApiScope.DEVICES), deviceId, body))).build();
    }

    @GET
    @Path("/commands")
    @RunOnVirtualThread
    @Operation(summary = "The device's commands, newest first, cursor-paginated")
    public CommandPage commands(@PathParam("deviceId") @DeviceId String deviceId,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("cursor") String cursor, @Context HttpHeaders headers) {
        return fleet.commands(userId(headers, ApiScope.READ), deviceId, limit, cursor);
    }

    @GET
    @Path("/commands/{id}")
    @RunOnVirtualThread
    @Operation(summary = "One command: its state, result or error")
    public OneCommand command(@PathParam("deviceId") @DeviceId String deviceId, @PathParam("id") String commandId,
            @Context HttpHeaders headers) {
        return new OneCommand(true, fleet.command(userId(headers, ApiScope.READ), deviceId, commandId));
    }

    private String userId(HttpHeaders headers, ApiScope scope) {
        return sessions.authenticate(headers, scope).userId();
    }
}
