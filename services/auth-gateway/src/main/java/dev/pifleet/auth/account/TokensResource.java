package dev.pifleet.auth.account;

import dev.pifleet.auth.session.Callers;
import dev.pifleet.auth.token.ApiTokens;
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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Personal API tokens; managing them needs a login session (a token answers 403 {@code session_required}). */
@Path("/api/tokens")
@Tag(name = "tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    private final Callers callers;
    private final ApiTokens tokens;

    TokensResource(Callers callers, ApiTokens tokens) {
        this.callers = callers;
        this.tokens = tokens;
    }

    /** The created token; {@code token} is shown here only. */
    public record CreatedToken(boolean success, String id, String name, List<String> scopes, Instant createdAt,
            Instant expiresAt, String token) {

        @Override
        public String toString() {
            return "CreatedToken[id=" + id + ", token=<redacted>]";
        }
    }

    public record TokenList(boolean success, List<ApiTokens.TokenInfo> tokens) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Create a token {name, scopes, expiresInDays?}; 201 with the token pft_…, shown once")
    public Response create(@Valid @NotNull TokenRequest body, @Context HttpHeaders headers) {
        String userId = callers.requireSession(headers).user().userId();
        ApiTokens.Created created = tokens.create(userId, body.name(), body.scopes(), body.expiresInDays());
        var info = created.info();
        return Response.status(Response.Status.CREATED).entity(new CreatedToken(true, info.id(), info.name(),
                info.scopes(), info.createdAt(), info.expiresAt(), created.token())).build();
    }

    @GET
    @RunOnVirtualThread
    @Operation(summary = "The caller's tokens: name, scopes, created, last used, expiry (never the token)")
    public TokenList list(@Context HttpHeaders headers) {
        return new TokenList(true, tokens.list(callers.requireSession(headers).user().userId()));
    }

    @DELETE
    @Path("/{id}")
    @RunOnVirtualThread
    @Operation(summary = "Revoke a token; 404 if absent or another user's")
    public SuccessAnswer revoke(@PathParam("id") String id, @Context HttpHeaders headers) {
        tokens.revoke(callers.requireSession(headers).user().userId(), id);
        return SuccessAnswer.OK;
    }
}
