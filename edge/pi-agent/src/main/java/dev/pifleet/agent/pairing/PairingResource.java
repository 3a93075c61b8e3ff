package dev.pifleet.agent.pairing;

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

/** The seed's local pairing API: the web UI reads the ID, registers it in the cloud, then hands the key back here. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class PairingResource {

    public record DeviceIdView(boolean success, String deviceId, boolean registered, String deviceName) {
    }

    public record RegisteredView(boolean success, boolean registered) {
    }

    private final DeviceIdentity identity;
    private final CredentialsStore credentials;
    private final PairingService pairing;

    PairingResource(DeviceIdentity identity, CredentialsStore credentials, PairingService pairing) {
        this.identity = identity;
        this.credentials = credentials;
        this.pairing = pairing;
    }

    @GET
    @Path("device-id")
    public DeviceIdView deviceId() {
        var current = credentials.current();
        return new DeviceIdView(true, identity.deviceId(), current.isPresent(),
                current.map(Credentials::deviceName).orElse(null));
    }

    @POST
    @Path("device-register")
    @Consumes(MediaType.APPLICATION_JSON)
    public RegisteredView register(@Valid @NotNull RegisterRequest request) {
        pairing.register(request);
        return new RegisteredView(true, true);
    }
}
