package dev.pifleet.auth.ui;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The web UI's settings, read once: served as /config.json and turned into the Content-Security-Policy. */
@ApplicationScoped
public class UiSettings {

    private final UiConfig config;
    private final String piSources;

    // Optional, because an empty value (same origin, no Pi on the LAN) reads as "not set" in MicroProfile Config.
    UiSettings(@ConfigProperty(name = "pifleet.ui.registry-url") Optional<String> registryUrl,
            @ConfigProperty(name = "pifleet.ui.ingest-url") Optional<String> ingestUrl,
            @ConfigProperty(name = "pifleet.ui.alerts-url") Optional<String> alertsUrl,
            @ConfigProperty(name = "pifleet.ui.pi-connect-sources") Optional<String> piSources) {
        this.config = new UiConfig(registryUrl.orElse(""), ingestUrl.orElse(""), alertsUrl.orElse(""));
        this.piSources = piSources.orElse("");
    }

    public UiConfig config() {
        return config;
    }

    /** CSP sources for the pi-agent's local API, which the pairing page calls at the address the user types. */
    public String piSources() {
        return piSources;
    }
}
