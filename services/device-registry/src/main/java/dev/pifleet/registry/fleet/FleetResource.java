package dev.pifleet.registry.fleet;

import dev.pifleet.fleet.CommandRequest;
import dev.pifleet.fleet.ConfigChange;
import dev.pifleet.registry.fleet.FleetAnswers.FleetAnswer;
import dev.pifleet.service.ApiScope;
import dev.pifleet.session.SessionVerifier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Config changes and commands for many of the caller's devices at once: by deviceIds or by tag, per-device results. */
@Path("/api/fleet")
@Tag(name = "fleet")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FleetResource {

    private final SessionVerifier sessions;
    private final OwnedFleet fleet;

    FleetResource(SessionVerifier sessions, OwnedFleet fleet) {
        this.sessions = sessions;
        this.fleet = fleet;
    }

    @POST
    @Path("/config")
    @RunOnVirtualThread
    @Operation(summary = "Change settings on {deviceIds} or {tag}; per device: queued with its new version, or not_found")
    public FleetAnswer config(@Valid @NotNull ConfigChange body, @Context HttpHeaders headers) {
        return new FleetAnswer(true, fleet.changeFleet(sessions.authenticate(headers, ApiScope.DEVICES).userId(), body));
    }

    @POST
    @Path("/commands")
    @RunOnVirtualThread
    @Operation(summary = "Queue a command on {deviceIds} or {tag}; per device: queued with the command, or not_found")
    public FleetAnswer commands(@Valid @NotNull CommandRequest body, @Context HttpHeaders headers) {
        return new FleetAnswer(true, fleet.queueFleet(sessions.authenticate(headers, ApiScope.DEVICES).userId(), body));
    }
}
