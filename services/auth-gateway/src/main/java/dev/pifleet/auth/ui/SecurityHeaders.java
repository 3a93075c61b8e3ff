package dev.pifleet.auth.ui;

import dev.pifleet.service.ClientAddresses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Security headers on every answer of the gateway (the UI, its JSON, errors). The Content-Security-Policy
 * admits scripts and styles from this origin only (the UI has no inline script or handler), no framing
 * (clickjacking of Unpair or Rotate key), and connections to this origin, the registry and ingest from
 * /config.json, and the Pi sources. HSTS is sent only over HTTPS: directly, or from a trusted proxy's
 * {@code X-Forwarded-Proto} ({@link ClientAddresses#https}).
 */
@Singleton
public class SecurityHeaders {

    static final String HSTS = "max-age=31536000";
    /** Quarkus's tools (Swagger UI) use inline scripts; the Ingress does not route /q/. */
    private static final String TOOLS_PREFIX = "/q/";

    private final String contentSecurityPolicy;
    private final ClientAddresses clients;

    SecurityHeaders(UiSettings settings, ClientAddresses clients) {
        this.contentSecurityPolicy = policy(settings.config(), settings.piSources());
        this.clients = clients;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            boolean tool = request.path() != null && request.path().startsWith(TOOLS_PREFIX);
            boolean https = clients.https(request);
            HttpServerResponse response = context.response();
            context.addHeadersEndHandler(ignored -> {
                if (!tool) {
                    response.putHeader("Content-Security-Policy", contentSecurityPolicy);
                }
                response.putHeader("X-Frame-Options", "DENY");
                response.putHeader("X-Content-Type-Options", "nosniff");
                response.putHeader("Referrer-Policy", "no-referrer");
                if (https) {
                    response.putHeader("Strict-Transport-Security", HSTS);
                }
            });
            context.next();
        }, 1000);
    }

    static String policy(UiConfig config, String piSources) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        Stream.of(config.registryUrl(), config.ingestUrl(), config.alertsUrl()).map(SecurityHeaders::origin)
                .filter(origin -> !origin.isEmpty()).forEach(connect::add);
        Stream.of(piSources.trim().split("\\s+")).filter(source -> !source.isEmpty()).forEach(connect::add);
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "connect-src " + String.join(" ", connect),
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    /** {@code http://host:8081/some/path} → {@code http://host:8081}; empty for "same origin". */
    static String origin(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute URL for the web UI: " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
