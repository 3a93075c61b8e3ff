package dev.pifleet.auth.health;

import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The contract's public health path: the same readiness checks as /q/health/ready (Parse Server answers). */
@Path("/api/health")
@Tag(name = "health")
public class ApiHealthResource {

    private final SmallRyeHealthReporter health;

    ApiHealthResource(SmallRyeHealthReporter health) {
        this.health = health;
    }

    @GET
    @RunOnVirtualThread
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "200 {status: UP, checks} while Parse Server answers, 503 otherwise")
    public Response health() {
        SmallRyeHealth readiness = health.getReadiness();
        return Response.status(readiness.isDown() ? Response.Status.SERVICE_UNAVAILABLE : Response.Status.OK)
                .entity(readiness.getPayload().toString())
                .build();
    }
}
