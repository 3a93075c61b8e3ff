package dev.pifleet.auth.ui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tells the web UI where the other services are; an empty URL means the UI's own origin (one host in Kubernetes). */
@Path("/config.json")
@Tag(name = "web UI")
public class UiConfigResource {

    private final UiSettings settings;

    UiConfigResource(UiSettings settings) {
        this.settings = settings;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The base URLs of the device-registry and telemetry-ingest for the web UI")
    public UiConfig config() {
        return settings.config();
    }
}
