package dev.pifleet.alerting.rule;

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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/alert-rules")
@Tag(name = "alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertRulesResource {

    public record OneRule(boolean success, RuleView rule) {
    }

    public record RuleList(boolean success, List<RuleView> rules) {
    }

    public record Done(boolean success) {
    }

    private final SessionVerifier sessions;
    private final AlertRules rules;

    AlertRulesResource(SessionVerifier sessions, AlertRules rules) {
        this.sessions = sessions;
        this.rules = rules;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Create an alert rule on one of the caller's devices; the webhook secret is in this answer only")
    public Response create(@Valid @NotNull RuleRequest body, @Context HttpHeaders headers) {
        String userId = sessions.authenticate(headers, ApiScope.ALERTS).userId();
        return Response.status(Response.Status.CREATED)
                .entity(new OneRule(true, RuleView.of(rules.create(userId, body), true))).build();
    }

    @GET
    @RunOnVirtualThread
    @Operation(summary = "The caller's alert rules, newest first")
    public RuleList list(@Context HttpHeaders headers) {
        String userId = sessions.authenticate(headers, ApiScope.ALERTS).userId();
        return new RuleList(true, rules.list(userId).stream().map(rule -> RuleView.of(rule, false)).toList());
    }

    @DELETE
    @Path("/{id}")
    @RunOnVirtualThread
    @Operation(summary = "Delete one of the caller's rules; its open alert closes without notifications")
    public Done delete(@PathParam("id") String id, @Context HttpHeaders headers) {
        rules.delete(sessions.authenticate(headers, ApiScope.ALERTS).userId(), id);
        return new Done(true);
    }
}
