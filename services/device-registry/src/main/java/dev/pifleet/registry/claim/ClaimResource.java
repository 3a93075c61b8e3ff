package dev.pifleet.registry.claim;

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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/devices/claim")
@Tag(name = "devices")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ClaimResource {

    /** The answer never holds the API key: the Pi collects that itself. */
    public record ClaimAnswer(boolean success, String deviceId, String deviceName) {
    }

    private final SessionVerifier sessions;
    private final CodeClaims claims;

    ClaimResource(SessionVerifier sessions, CodeClaims claims) {
        this.sessions = sessions;
        this.claims = claims;
    }

    @POST
    @RunOnVirtualThread
    @Operation(summary = "Claim the Pi that shows this code: 201, or 404 claim_code_not_found for an unknown, expired "
            + "or used code, 429 after too many wrong codes")
    public Response claim(@Valid @NotNull ClaimRequest body, @Context HttpHeaders headers) {
        String userId = sessions.authenticate(headers).userId();
        CodeClaims.Claimed claimed = claims.claim(userId, body.code(), body.deviceName());
        return Response.status(Response.Status.CREATED)
                .entity(new ClaimAnswer(true, claimed.deviceId(), claimed.deviceName()))
                .build();
    }
}
