package dev.pifleet.agent.pairing;

import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.identity.DeviceIdentity;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/**
 * The seed's local pairing API: {@code /device-id} (now also showing the claim code) and the LAN flow, where the web UI
 * reads the ID, registers it in the cloud, then hands the key back here.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class PairingResource {

    /** The seed's fields, plus the claim code while the agent is waiting for a claim (null otherwise). */
    public record DeviceIdAnswer(boolean success, String deviceId, boolean registered, String deviceName, String claimCode,
            Instant claimExpiresAt) {
    }

    public record RegisteredAnswer(boolean success, boolean registered) {
    }

    private final DeviceIdentity identity;
    private final CredentialsStore credentials;
    private final PairingService pairing;
    private final ClaimLoop claims;

    PairingResource(DeviceIdentity identity, CredentialsStore credentials, PairingService pairing, ClaimLoop claims) {
        this.identity = identity;
        this.credentials = credentials;
        this.pairing = pairing;
        this.claims = claims;
    }

    @GET
    @Path("device-id")
    public DeviceIdAnswer deviceId() {
        var current = credentials.current();
        var code = claims.shownCode();
        return new DeviceIdAnswer(true, identity.deviceId(), current.isPresent(),
                current.map(Credentials::deviceName).orElse(null),
                code.map(ClaimLoop.ShownCode::code).orElse(null), code.map(ClaimLoop.ShownCode::expiresAt).orElse(null));
    }

    @POST
    @Path("device-register")
    @Consumes(MediaType.APPLICATION_JSON)
    public RegisteredAnswer register(@Valid @NotNull RegisterRequest request) {
        pairing.register(request);
        return new RegisteredAnswer(true, true);
    }
}
