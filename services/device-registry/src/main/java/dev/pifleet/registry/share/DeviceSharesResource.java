package dev.pifleet.registry.share;

import dev.pifleet.device.DeviceId;
import dev.pifleet.devicestore.DeviceShares;
import dev.pifleet.registry.manage.Answers;
import dev.pifleet.service.ApiScope;
import dev.pifleet.session.SessionVerifier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who else may use one of the caller's devices (docs/api.md, "Sharing a device"). */
@Path("/api/devices/{deviceId}/shares")
@Tag(name = "shares")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceSharesResource {

    private final SessionVerifier sessions;
    private final DeviceSharing sharing;

    DeviceSharesResource(SessionVerifier sessions, DeviceSharing sharing) {
        this.sessions = sessions;
        this.sharing = sharing;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Share the device with an account's email as viewer or operator: 201 new, 200 when the share "
            + "existed (its role is now the one sent); the same answer whether the email has an account")
    public Response share(@PathParam("deviceId") @DeviceId String deviceId, @Valid @NotNull ShareRequest body,
            @Context HttpHeaders headers) {
        DeviceShares.Outcome outcome = sharing.share(sessions.authenticate(headers, ApiScope.DEVICES), deviceId, body);
        return Response.status(outcome.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(new ShareView.One(true, ShareView.of(outcome.share()))).build();
    }

    @GET
    @RunOnVirtualThread
    @Operation(summary = "The device's shares, oldest first (owner only)")
    public ShareView.Many list(@PathParam("deviceId") @DeviceId String deviceId, @Context HttpHeaders headers) {
        return new ShareView.Many(true, sharing.list(sessions.authenticate(headers, ApiScope.READ).userId(), deviceId));
    }

    @DELETE
    @Path("/{shareId}")
    @RunOnVirtualThread
    @Operation(summary = "Revoke a share; it stops working with the next request")
    public Answers.Done revoke(@PathParam("deviceId") @DeviceId String deviceId, @PathParam("shareId") String shareId,
            @Context HttpHeaders headers) {
        sharing.revoke(sessions.authenticate(headers, ApiScope.DEVICES).userId(), deviceId, shareId);
        return Answers.Done.OK;
    }
}
