package dev.pifleet.registry.rollout;

import dev.pifleet.registry.rollout.Rollouts.RolloutView;
import dev.pifleet.service.ApiScope;
import dev.pifleet.session.SessionVerifier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An owner's staged rollouts of a published agent release (docs/ota.md). */
@Path("/api/rollouts")
@Tag(name = "rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutsResource {

    private static final String ID = "^[A-Za-z0-9]{1,32}$";

    public record OneRollout(boolean success, RolloutView rollout) {
    }

    public record RolloutList(boolean success, List<RolloutView> rollouts) {
    }

    private final SessionVerifier sessions;
    private final Rollouts rollouts;

    RolloutsResource(SessionVerifier sessions, Rollouts rollouts) {
        this.sessions = sessions;
        this.rollouts = rollouts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Roll a published version out to {deviceIds} or {tag} in waves; 201 with the first wave offered")
    public Response create(@Valid @NotNull RolloutRequest body, @Context HttpHeaders headers) {
        return Response.status(Response.Status.CREATED)
                .entity(new OneRollout(true, rollouts.create(userId(headers), body, Instant.now()))).build();
    }

    @GET
    @RunOnVirtualThread
    @Operation(summary = "The caller's rollouts, newest first (at most 50)")
    public RolloutList list(@Context HttpHeaders headers) {
        return new RolloutList(true, rollouts.list(userId(headers), Instant.now()));
    }

    @GET
    @Path("/{id}")
    @RunOnVirtualThread
    @Operation(summary = "One rollout: its state (and why it paused) and each device's state")
    public OneRollout get(@PathParam("id") @Pattern(regexp = ID) String id, @Context HttpHeaders headers) {
        return new OneRollout(true, rollouts.view(userId(headers), id, Instant.now()));
    }

    @POST
    @Path("/{id}/pause")
    @RunOnVirtualThread
    @Operation(summary = "Pause: no further wave starts until resumed")
    public OneRollout pause(@PathParam("id") @Pattern(regexp = ID) String id, @Context HttpHeaders headers) {
        return new OneRollout(true, rollouts.pause(userId(headers), id, Instant.now()));
    }

    @POST
    @Path("/{id}/resume")
    @RunOnVirtualThread
    @Operation(summary = "Resume; the failures so far are accepted and no longer count against maxFailures")
    public OneRollout resume(@PathParam("id") @Pattern(regexp = ID) String id, @Context HttpHeaders headers) {
        return new OneRollout(true, rollouts.resume(userId(headers), id, Instant.now()));
    }

    @POST
    @Path("/{id}/cancel")
    @RunOnVirtualThread
    @Operation(summary = "Cancel: no further wave, and offers not yet taken up are withdrawn")
    public OneRollout cancel(@PathParam("id") @Pattern(regexp = ID) String id, @Context HttpHeaders headers) {
        return new OneRollout(true, rollouts.cancel(userId(headers), id, Instant.now()));
    }

    /** A session, or a personal API token with the devices scope (a rollout changes what the devices run). */
    private String userId(HttpHeaders headers) {
        return sessions.authenticate(headers, ApiScope.DEVICES).userId();
    }
}
