package dev.pifleet.registry.release;

import dev.pifleet.service.ApiScope;
import dev.pifleet.session.SessionVerifier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Agent releases (docs/ota.md): published by the operator, listed for owners choosing a version to roll out. */
@Path("/api/releases")
@Tag(name = "releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleasesResource {

    public record OneRelease(boolean success, Release release) {
    }

    public record ReleaseList(boolean success, List<Release> releases) {
    }

    private final OperatorCredential operator;
    private final SessionVerifier sessions;
    private final Releases releases;

    ReleasesResource(OperatorCredential operator, SessionVerifier sessions, Releases releases) {
        this.operator = operator;
        this.sessions = sessions;
        this.releases = releases;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Publish a signed release (operator credential); 201, 400 bad_signature, 409 release_exists")
    public Response publish(@Valid @NotNull PublishRequest body, @Context HttpHeaders headers) {
        operator.require(headers);
        return Response.status(Response.Status.CREATED)
                .entity(new OneRelease(true, releases.publish(body, Instant.now()))).build();
    }

    @GET
    @RunOnVirtualThread
    @Operation(summary = "The published releases, newest first (a session or the operator credential)")
    public ReleaseList list(@Context HttpHeaders headers) {
        if (!operator.isOperator(headers)) {
            sessions.authenticate(headers, ApiScope.READ);
        }
        return new ReleaseList(true, releases.list());
    }
}
