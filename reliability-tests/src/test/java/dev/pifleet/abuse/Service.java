package dev.pifleet.abuse;

/** The processes the suite talks to. */
enum Service {
    GATEWAY, REGISTRY, INGEST, ALERTING, AGENT
}
