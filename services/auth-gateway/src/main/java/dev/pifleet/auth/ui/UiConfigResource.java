package dev.pifleet.auth.ui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tells the web UI where the other services are; an empty URL means the UI's own origin (one host in Kubernetes). */
@Path("/config.json")
@Tag(name = "web UI")
public class UiConfigResource {

    public record UiConfig(String registryUrl, String ingestUrl) {
    }

    private final UiConfig config;

    // Optional, because an empty value (same origin) reads as "not set" in MicroProfile Config.
    UiConfigResource(@ConfigProperty(name = "pifleet.ui.registry-url") Optional<String> registryUrl,
            @ConfigProperty(name = "pifleet.ui.ingest-url") Optional<String> ingestUrl) {
        this.config = new UiConfig(registryUrl.orElse(""), ingestUrl.orElse(""));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The base URLs of the device-registry and telemetry-ingest for the web UI")
    public UiConfig config() {
        return config;
    }
}
