package dev.pifleet.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an oversized body with the contract's 413 JSON before it is read. Vert.x's own
 * {@code quarkus.http.limits.max-body-size} stays as the backstop for bodies without a Content-Length.
 */
@Singleton
public class BodyLimitFilter {

    private final long maxBodyBytes;

    BodyLimitFilter(@ConfigProperty(name = "pifleet.api.max-body-size", defaultValue = "16K") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length)) {
                ErrorResponses.endAndClose(context.response(), 413, ErrorBody.of("payload_too_large",
                        "the request body is larger than " + maxBodyBytes + " bytes"));
                return;
            }
            context.next();
        }, 100);
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException malformed) {
            return true;
        }
    }
}
