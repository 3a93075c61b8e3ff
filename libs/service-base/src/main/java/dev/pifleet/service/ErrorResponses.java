package dev.pifleet.service;

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
}
