package dev.pifleet.service;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds error responses, also for code outside the mappers (filters, other mappers). */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response of(ApiException error) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(error.code(), error.getMessage(), error.details()));
        if (error.retryAfter() != null) {
            response.header("Retry-After", Math.max(1, (error.retryAfter().toMillis() + 999) / 1000));
        }
        return response.build();
    }

    public static Response of(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** Ends a request in a Vert.x filter, before it is routed, and closes the connection (its rest is not read). */
    public static void endAndClose(HttpServerResponse response, int status, ErrorBody body) {
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(body));
    }
}
