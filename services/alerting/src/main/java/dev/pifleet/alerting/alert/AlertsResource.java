package dev.pifleet.alerting.alert;

import dev.pifleet.device.DeviceId;
import dev.pifleet.service.ApiScope;
import dev.pifleet.session.SessionVerifier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/alerts")
@Tag(name = "alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    public record AlertPage(boolean success, List<AlertView> alerts, String nextCursor) {
    }

    public record OpenCount(boolean success, long open) {
    }

    public record DeliveryLog(boolean success, List<DeliveryView> deliveries) {
    }

    private final SessionVerifier sessions;
    private final OwnedAlerts alerts;

    AlertsResource(SessionVerifier sessions, OwnedAlerts alerts) {
        this.sessions = sessions;
        this.alerts = alerts;
    }

    @GET
    @RunOnVirtualThread
    @Operation(summary = "The caller's alerts, newest first, cursor-paginated; optionally one device's, open or resolved")
    public AlertPage list(@QueryParam("deviceId") @DeviceId String deviceId,
            @QueryParam("state") @Pattern(regexp = "open|resolved", message = "open or resolved") String state,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("cursor") String cursor, @Context HttpHeaders headers) {
        String userId = sessions.authenticate(headers, ApiScope.READ).userId();
        OwnedAlerts.Page page = alerts.page(userId, deviceId, state, limit, cursor);
        return new AlertPage(true, page.alerts(), page.nextCursor());
    }

    @GET
    @Path("/open-count")
    @RunOnVirtualThread
    @Operation(summary = "How many of the caller's alerts are open (the header badge)")
    public OpenCount openCount(@Context HttpHeaders headers) {
        return new OpenCount(true, alerts.openCount(sessions.authenticate(headers, ApiScope.READ).userId()));
    }

    @GET
    @Path("/{id}/deliveries")
    @RunOnVirtualThread
    @Operation(summary = "The delivery log of one of the caller's alerts: each notification, its status and attempts")
    public DeliveryLog deliveries(@PathParam("id") String id, @Context HttpHeaders headers) {
        return new DeliveryLog(true, alerts.deliveries(sessions.authenticate(headers, ApiScope.READ).userId(), id));
    }
}
