package dev.pifleet.service;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;

/**
 * Answers a Content-Type that is not a media type at all (e.g. {@code ÿ/;;;=}) with the contract's 415 JSON.
 * Left to JAX-RS, the header fails to parse while a method is being chosen, which surfaces as a 500.
 */
@Singleton
public class ContentTypeFilter {

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (contentType != null && !parses(contentType)) {
                ErrorResponses.endAndClose(context.response(), 415, ErrorBody.of("unsupported_media_type",
                        "the Content-Type header is not a media type; send application/json"));
                return;
            }
            context.next();
        }, 110);
    }

    private static boolean parses(String contentType) {
        try {
            MediaType.valueOf(contentType);
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
