package dev.pifleet.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an over-long URL (414) or header block (431) with the contract's JSON. Vert.x answers these itself
 * with an empty body, before any handler an app can add, so its limits are set far above these
 * (META-INF/microprofile-config.properties) and the contract's limits are applied here; beyond Vert.x's
 * limits its bare answer remains the backstop.
 */
@Singleton
public class RequestHeadLimitFilter {

    /** The ": " and CRLF around each header line. */
    private static final int HEADER_LINE_OVERHEAD = 4;

    private final int maxUriLength;
    private final long maxHeaderBytes;

    RequestHeadLimitFilter(@ConfigProperty(name = "pifleet.api.max-uri-length") int maxUriLength,
            @ConfigProperty(name = "pifleet.api.max-header-size") MemorySize maxHeaderSize) {
        this.maxUriLength = maxUriLength;
        this.maxHeaderBytes = maxHeaderSize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String uri = context.request().uri();
            if (uri != null && uri.length() > maxUriLength) {
                ErrorResponses.endAndClose(context.response(), 414, ErrorBody.of("uri_too_long",
                        "the URL is longer than " + maxUriLength + " characters"));
                return;
            }
            if (headerBytes(context.request().headers()) > maxHeaderBytes) {
                ErrorResponses.endAndClose(context.response(), 431, ErrorBody.of("headers_too_large",
                        "the request headers are larger than " + maxHeaderBytes + " bytes"));
                return;
            }
            context.next();
        }, 110);
    }

    private static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + HEADER_LINE_OVERHEAD;
        }
        return bytes;
    }
}
