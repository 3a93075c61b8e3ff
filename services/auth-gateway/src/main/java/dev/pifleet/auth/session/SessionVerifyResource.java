package dev.pifleet.auth.session;

import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service-to-service: every service validates its callers' sessions and API tokens here (libs/session-client). */
@Path("/internal/sessions/verify")
@Tag(name = "internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SessionVerifyResource {

    private final Callers callers;

    SessionVerifyResource(Callers callers) {
        this.callers = callers;
    }

    @POST
    @RunOnVirtualThread
    @Operation(summary = "The user of a session or API token, with its credential kind and scopes; 401 if it is unknown, "
            + "ended, revoked or expired")
    public SessionUser verify(@Valid @NotNull VerifyRequest body) {
        return callers.verify(body.sessionToken());
    }
}
