package dev.pifleet.auth.ui;

/** Where the web UI finds the other services; an empty URL means the UI's own origin. */
public record UiConfig(String registryUrl, String ingestUrl, String alertsUrl) {
}
