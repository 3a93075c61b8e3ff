package dev.pifleet.session;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The auth-gateway's service-to-service endpoints. */
@RegisterRestClient(configKey = "auth-gateway")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface SessionVerifyApi {

    record VerifyRequest(String sessionToken) {
    }

    /** 200 with the user, 401 for a token that is not (or no longer) valid. */
    @POST
    @Path("/internal/sessions/verify")
    Response verify(VerifyRequest request);

    @GET
    @Path("/q/health/live")
    Response live();
}
