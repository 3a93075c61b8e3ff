package dev.pifleet.ingest.history;

import dev.pifleet.device.DeviceId;
import dev.pifleet.session.SessionVerifier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/readings")
@Tag(name = "readings")
public class ReadingsResource {

    private final SessionVerifier sessions;
    private final ReadingHistory history;

    ReadingsResource(SessionVerifier sessions, ReadingHistory history) {
        this.sessions = sessions;
        this.history = history;
    }

    @GET
    @Path("/{deviceId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "The caller's device's readings, oldest first, from <= timestamp < to, paged by cursor")
    public ReadingPageAnswer readings(@Context HttpHeaders headers, @PathParam("deviceId") @DeviceId String deviceId,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
            @QueryParam("cursor") String cursor) {
        String userId = sessions.authenticate(headers).userId();
        return history.page(userId, deviceId, from, to, limit, cursor);
    }
}
