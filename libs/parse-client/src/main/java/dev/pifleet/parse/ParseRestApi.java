package dev.pifleet.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Parse Server's REST endpoints as a Quarkus REST client. Callers use {@link ParseClient};
 * a null master key or session token is not sent.
 */
@RegisterRestClient(configKey = "parse")
@RegisterProvider(ParseErrorMapper.class)
@ClientHeaderParam(name = "X-Parse-Application-Id", value = "${parse.app-id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface ParseRestApi {

    String MASTER_KEY = "X-Parse-Master-Key";
    String SESSION_TOKEN = "X-Parse-Session-Token";

    @POST
    @Path("/users")
    @ClientHeaderParam(name = "X-Parse-Revocable-Session", value = "1")
    ObjectNode signUp(ObjectNode user);

    @POST
    @Path("/login")
    @ClientHeaderParam(name = "X-Parse-Revocable-Session", value = "1")
    ObjectNode logIn(ObjectNode credentials);

    /** Checks a password without creating a session. */
    @POST
    @Path("/verifyPassword")
    ObjectNode verifyPassword(ObjectNode credentials);

    @GET
    @Path("/users/me")
    ObjectNode me(@HeaderParam(SESSION_TOKEN) String sessionToken);

    @POST
    @Path("/logout")
    ObjectNode logOut(@HeaderParam(SESSION_TOKEN) String sessionToken);

    @POST
    @Path("/classes/{className}")
    ObjectNode create(@PathParam("className") String className, ObjectNode fields,
            @HeaderParam(MASTER_KEY) String masterKey, @HeaderParam(SESSION_TOKEN) String sessionToken);

    @GET
    @Path("/classes/{className}/{objectId}")
    ObjectNode get(@PathParam("className") String className, @PathParam("objectId") String objectId,
            @QueryParam("include") String include,
            @HeaderParam(MASTER_KEY) String masterKey, @HeaderParam(SESSION_TOKEN) String sessionToken);

    @PUT
    @Path("/classes/{className}/{objectId}")
    ObjectNode update(@PathParam("className") String className, @PathParam("objectId") String objectId,
            ObjectNode fields,
            @HeaderParam(MASTER_KEY) String masterKey, @HeaderParam(SESSION_TOKEN) String sessionToken);

    @DELETE
    @Path("/classes/{className}/{objectId}")
    ObjectNode delete(@PathParam("className") String className, @PathParam("objectId") String objectId,
            @HeaderParam(MASTER_KEY) String masterKey, @HeaderParam(SESSION_TOKEN) String sessionToken);

    @GET
    @Path("/classes/{className}")
    ObjectNode find(@PathParam("className") String className,
            @QueryParam("where") String where, @QueryParam("order") String order,
            @QueryParam("limit") Integer limit, @QueryParam("keys") String keys,
            @QueryParam("include") String include, @QueryParam("count") Integer count,
            @HeaderParam(MASTER_KEY) String masterKey, @HeaderParam(SESSION_TOKEN) String sessionToken);

    @POST
    @Path("/batch")
    JsonNode batch(ObjectNode requests,
            @HeaderParam(MASTER_KEY) String masterKey, @HeaderParam(SESSION_TOKEN) String sessionToken);

    @POST
    @Path("/batch")
    CompletionStage<JsonNode> batchAsync(ObjectNode requests,
            @HeaderParam(MASTER_KEY) String masterKey, @HeaderParam(SESSION_TOKEN) String sessionToken);

    @GET
    @Path("/health")
    ObjectNode health();
}
