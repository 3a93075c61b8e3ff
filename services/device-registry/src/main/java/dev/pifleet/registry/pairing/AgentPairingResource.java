package dev.pifleet.registry.pairing;

import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import dev.pifleet.device.pairing.PairingAnswers.ClaimCodeAnswer;
import dev.pifleet.device.pairing.PairingAnswers.CredentialsAnswer;
import dev.pifleet.service.ClientAddresses;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The agent's pairing calls: no session, no key, but every body is signed by the agent's key pair. */
@Path("/api/device")
@Tag(name = "agent pairing")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AgentPairingResource {

    private final AgentPairing pairing;
    private final ClientAddresses clientAddresses;

    AgentPairingResource(AgentPairing pairing, ClientAddresses clientAddresses) {
        this.pairing = pairing;
        this.clientAddresses = clientAddresses;
    }

    @POST
    @Path("/claim-code")
    @RunOnVirtualThread
    @Operation(summary = "An agent asks for a claim code to show; it replaces the agent's previous code")
    public Response claimCode(@Valid @NotNull SignedRequest body, @Context HttpServerRequest request) {
        ClaimCodeAnswer answer = pairing.issueCode(body, clientAddresses.of(request));
        return Response.status(Response.Status.CREATED).entity(answer).build();
    }

    @POST
    @Path("/credentials")
    @RunOnVirtualThread
    @Operation(summary = "An agent collects its API key once its code has been claimed (paired=false until then)")
    public CredentialsAnswer credentials(@Valid @NotNull SignedRequest body, @Context HttpServerRequest request) {
        return pairing.collectCredentials(body, clientAddresses.of(request));
    }
}
