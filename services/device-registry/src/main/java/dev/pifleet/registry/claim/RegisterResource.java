package dev.pifleet.registry.claim;

import dev.pifleet.session.SessionVerifier;
import dev.pifleet.session.VerifiedUser;
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

@Path("/api/device/register")
@Tag(name = "devices")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RegisterResource {

    private final SessionVerifier sessions;
    private final LegacyClaims claims;

    RegisterResource(SessionVerifier sessions, LegacyClaims claims) {
        this.sessions = sessions;
        this.claims = claims;
    }

    @POST
    @RunOnVirtualThread
    @Operation(summary = "Claim a device: 201 with its API key when new, 200 with a new key when already yours, "
            + "409 device_already_claimed when another user owns it, 403 legacy_pairing_disabled where pairing by deviceId is off")
    public Response register(@Valid @NotNull RegisterRequest body, @Context HttpHeaders headers) {
        VerifiedUser user = sessions.authenticate(headers);
        LegacyClaims.Claim claim = claims.claim(user.userId(), body.deviceId(), body.deviceName());
        return Response.status(claim.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(new RegisterAnswer(true, claim.deviceId(), claim.apiKey()))
                .build();
    }
}
