package dev.pifleet.abuse;

import static dev.pifleet.abuse.Corpus.Group.BAD_READINGS;
import static dev.pifleet.abuse.Corpus.Group.BAD_SENSORS;
import static dev.pifleet.abuse.Corpus.Group.BAD_TEXT;
import static dev.pifleet.abuse.Corpus.Group.BAD_TIMESTAMP;
import static dev.pifleet.abuse.Corpus.Group.HOSTILE_URL;
import static dev.pifleet.abuse.Corpus.Group.NOT_A_NUMBER;
import static dev.pifleet.abuse.Corpus.Group.NOT_A_STRING;
import static dev.pifleet.abuse.Corpus.Group.ODD_SENSORS;
import static dev.pifleet.abuse.Corpus.Group.ODD_TEXT;
import static dev.pifleet.abuse.Corpus.Group.PUBLIC_URL;

import dev.pifleet.abuse.Endpoint.Credential;
import dev.pifleet.abuse.Endpoint.Field;
import java.util.List;
import java.util.Set;

/** Every public endpoint the suite attacks. Add a row for a new endpoint; its cases follow from the row. */
final class Endpoints {

    /** A syntactically valid device key that no device has. */
    static final String UNKNOWN_KEY = "pfk_" + "A".repeat(43);

    private static final Set<Corpus.Group> IDENTIFIER = Set.of(NOT_A_STRING, BAD_TEXT, ODD_TEXT);
    private static final Set<Corpus.Group> NAME = Set.of(NOT_A_STRING, BAD_TEXT);

    /** The desired configuration's settings, each optional, each with a valid value in the base body. */
    private static final List<Field> SETTINGS = List.of(
            optional("readingIntervalSeconds", "30", Set.of(NOT_A_NUMBER), Set.of()),
            optional("heartbeatIntervalSeconds", "60", Set.of(NOT_A_NUMBER), Set.of()),
            optional("sensors", "[\"simulated\"]", Set.of(BAD_SENSORS), Set.of(NOT_A_STRING)),
            optional("uploadBatchSize", "100", Set.of(NOT_A_NUMBER), Set.of()));

    /** A command: its name, time to live and arguments. */
    private static final List<Field> COMMAND = List.of(
            field("name", "\"upload-now\"", IDENTIFIER),
            optional("ttlSeconds", "600", Set.of(NOT_A_NUMBER), Set.of()),
            optional("args", "{\"reason\":\"abuse\"}", Set.of(), Set.of(NOT_A_STRING)));

    static final List<Endpoint> ALL = List.of(
            // auth-gateway
            post("auth.signup", Service.GATEWAY, "/api/auth/signup", Credential.NONE,
                    field("email", "\"abuse-signup-" + LiveValues.FRESH + "@example.com\"", IDENTIFIER),
                    field("password", "\"correct horse battery\"", Set.of(NOT_A_STRING), Set.of(BAD_TEXT, ODD_TEXT))),
            post("auth.login", Service.GATEWAY, "/api/auth/login", Credential.NONE,
                    field("email", "\"" + AbuseStack.LOGIN_EMAIL + "\"", IDENTIFIER),
                    field("password", "\"correct horse battery\"", IDENTIFIER).orRefusedAs("invalid_credentials")),
            bodiless("auth.logout", Service.GATEWAY, "POST", "/api/auth/logout", Credential.USER),
            bodiless("auth.me", Service.GATEWAY, "GET", "/api/auth/me", Credential.USER),
            post("auth.verify", Service.GATEWAY, "/internal/sessions/verify", Credential.NONE,
                    field("sessionToken", "\"" + LiveValues.ALICE_SESSION + "\"", IDENTIFIER).orRefusedAs("invalid_session")),
            // accounts (issue #22): reset, confirmation, password change, deletion, personal API tokens
            post("auth.password-reset", Service.GATEWAY, "/api/auth/password-reset", Credential.NONE,
                    field("email", "\"" + AbuseStack.LOGIN_EMAIL + "\"", IDENTIFIER)),
            post("auth.password-reset-confirm", Service.GATEWAY, "/api/auth/password-reset/confirm", Credential.NONE,
                    field("token", "\"" + LiveValues.RESET_LINK + "\"", IDENTIFIER).orRefusedAs("invalid_link"),
                    field("password", "\"a brand new passphrase\"", Set.of(NOT_A_STRING), Set.of(BAD_TEXT, ODD_TEXT))),
            post("auth.verify-email", Service.GATEWAY, "/api/auth/verify-email", Credential.NONE,
                    field("token", "\"" + LiveValues.VERIFY_LINK + "\"", IDENTIFIER).orRefusedAs("invalid_link")),
            bodiless("auth.verify-email-resend", Service.GATEWAY, "POST", "/api/auth/verify-email/resend", Credential.USER),
            post("auth.password-change", Service.GATEWAY, "/api/auth/password", Credential.FRESH_USER,
                    field("currentPassword", "\"" + AbuseStack.PASSWORD + "\"", IDENTIFIER).orRefusedAs("wrong_password"),
                    field("newPassword", "\"a brand new passphrase\"", Set.of(NOT_A_STRING), Set.of(BAD_TEXT, ODD_TEXT))),
            new Endpoint("auth.delete-me", Service.GATEWAY, "DELETE", "/api/auth/me", Credential.FRESH_USER,
                    List.of(field("password", "\"" + AbuseStack.PASSWORD + "\"", IDENTIFIER).orRefusedAs("wrong_password")),
                    List.of(), true),
            new Endpoint("tokens.create", Service.GATEWAY, "POST", "/api/tokens", Credential.USER, List.of(
                    field("name", "\"abuse token\"", Set.of(NOT_A_STRING), Set.of(BAD_TEXT, ODD_TEXT)),
                    field("scopes", "[\"read\"]", Set.of(), Set.of(NOT_A_STRING, BAD_SENSORS)),
                    optional("expiresInDays", "30", Set.of(NOT_A_NUMBER), Set.of())), List.of(), true),
            bodiless("tokens.list", Service.GATEWAY, "GET", "/api/tokens", Credential.USER),
            bodiless("tokens.revoke", Service.GATEWAY, "DELETE", "/api/tokens/{id}", Credential.USER),
            // device-registry
            post("registry.register", Service.REGISTRY, "/api/device/register", Credential.USER,
                    field("deviceId", "\"abuse-probe-" + LiveValues.FRESH + "\"", NAME, Set.of(ODD_TEXT)),
                    optional("deviceName", "\"Probe\"", NAME, Set.of(ODD_TEXT))),
            new Endpoint("registry.list", Service.REGISTRY, "GET", "/api/devices", Credential.USER, List.of(),
                    List.of("tag"), false),
            bodiless("registry.get", Service.REGISTRY, "GET", "/api/devices/{id}", Credential.USER),
            new Endpoint("registry.rename", Service.REGISTRY, "PATCH", "/api/devices/{id}", Credential.USER,
                    List.of(optional("name", "\"Abuse target\"", NAME, Set.of(ODD_TEXT)),
                            optional("tags", "[\"abuse\"]", Set.of(BAD_SENSORS), Set.of(NOT_A_STRING))), List.of(), true),
            bodiless("registry.rotate-key", Service.REGISTRY, "POST", "/api/devices/{id}/rotate-key", Credential.USER),
            new Endpoint("registry.delete", Service.REGISTRY, "DELETE", "/api/devices/{id}", Credential.USER,
                    List.of(), List.of("purge"), false),
            // sharing a device (docs/api.md, "Sharing a device")
            new Endpoint("shares.create", Service.REGISTRY, "POST", "/api/devices/{id}/shares", Credential.USER, List.of(
                    field("email", "\"abuse-share-" + LiveValues.FRESH + "@example.com\"", IDENTIFIER),
                    field("role", "\"viewer\"", IDENTIFIER)), List.of(), true),
            bodiless("shares.list", Service.REGISTRY, "GET", "/api/devices/{id}/shares", Credential.USER),
            bodiless("shares.revoke", Service.REGISTRY, "DELETE", "/api/devices/{id}/shares/" + LiveValues.NEW_SHARE,
                    Credential.USER),
            // fleet control (docs/fleet.md)
            bodiless("fleet.config-get", Service.REGISTRY, "GET", "/api/devices/{id}/config", Credential.USER),
            new Endpoint("fleet.config-patch", Service.REGISTRY, "PATCH", "/api/devices/{id}/config", Credential.USER,
                    SETTINGS, List.of(), true),
            new Endpoint("fleet.command-create", Service.REGISTRY, "POST", "/api/devices/{id}/commands", Credential.USER,
                    COMMAND, List.of(), true),
            new Endpoint("fleet.command-list", Service.REGISTRY, "GET", "/api/devices/{id}/commands", Credential.USER,
                    List.of(), List.of("limit", "cursor"), false),
            bodiless("fleet.command-get", Service.REGISTRY, "GET", "/api/devices/{id}/commands/{command}", Credential.USER),
            new Endpoint("fleet.fleet-config", Service.REGISTRY, "POST", "/api/fleet/config", Credential.USER,
                    concat(field("deviceIds", "[\"abuse-device-alice-0001\"]", IDENTIFIER), SETTINGS), List.of(), true),
            new Endpoint("fleet.fleet-commands", Service.REGISTRY, "POST", "/api/fleet/commands", Credential.USER,
                    concat(field("tag", "\"abuse\"", IDENTIFIER), COMMAND), List.of(), true),
            new Endpoint("fleet.poll", Service.INGEST, "GET", "/api/device/commands", Credential.DEVICE, List.of(),
                    List.of("waitSeconds", "configVersion"), false),
            post("fleet.result", Service.INGEST, "/api/device/commands/{command}/result", Credential.DEVICE,
                    field("state", "\"succeeded\"", IDENTIFIER),
                    optional("result", "{\"temperature\":21.5}", Set.of(), Set.of(NOT_A_STRING)),
                    optional("error", null, Set.of(NOT_A_STRING), Set.of(BAD_TEXT, ODD_TEXT))),
            // agent updates (docs/ota.md): releases published by the operator, rollouts by an owner
            post("releases.publish", Service.REGISTRY, "/api/releases", Credential.OPERATOR,
                    field("version", "\"" + LiveValues.RELEASE_VERSION + "\"", IDENTIFIER),
                    field("sha256", "\"" + LiveValues.RELEASE_SHA256 + "\"", IDENTIFIER),
                    field("size", "25000000", Set.of(NOT_A_NUMBER)),
                    field("url", "\"https://releases.pifleet.example/pifleet-agent.deb\"", Set.of(NOT_A_STRING, BAD_TEXT),
                            Set.of(ODD_TEXT)),
                    field("signature", "\"" + LiveValues.RELEASE_SIGNATURE + "\"", IDENTIFIER),
                    optional("notes", "\"abuse\"", Set.of(NOT_A_STRING), Set.of(BAD_TEXT, ODD_TEXT))),
            bodiless("releases.list", Service.REGISTRY, "GET", "/api/releases", Credential.USER),
            new Endpoint("rollouts.create", Service.REGISTRY, "POST", "/api/rollouts", Credential.USER, List.of(
                    field("version", "\"" + AbuseStack.RELEASE_VERSION + "\"", IDENTIFIER),
                    field("deviceIds", "[\"abuse-device-alice-0001\"]", Set.of(BAD_SENSORS), Set.of(NOT_A_STRING)),
                    field("waves", "[10,100]", Set.of(BAD_SENSORS, NOT_A_NUMBER)),
                    field("maxFailures", "0", Set.of(NOT_A_NUMBER)),
                    optional("allowDowngrade", null, Set.of(), Set.of(NOT_A_STRING))), List.of(), true),
            bodiless("rollouts.list", Service.REGISTRY, "GET", "/api/rollouts", Credential.USER),
            bodiless("rollouts.get", Service.REGISTRY, "GET", "/api/rollouts/{id}", Credential.USER),
            bodiless("rollouts.pause", Service.REGISTRY, "POST", "/api/rollouts/{id}/pause", Credential.USER),
            bodiless("rollouts.resume", Service.REGISTRY, "POST", "/api/rollouts/{id}/resume", Credential.USER),
            bodiless("rollouts.cancel", Service.REGISTRY, "POST", "/api/rollouts/{id}/cancel", Credential.USER),
            // pairing by code
            new Endpoint("pairing.claim", Service.REGISTRY, "POST", "/api/devices/claim", Credential.USER,
                    List.of(field("code", "\"" + LiveValues.CLAIM_CODE + "\"", IDENTIFIER).orRefusedAs("claim_code_not_found"),
                            optional("deviceName", "\"Probe\"", NAME, Set.of(ODD_TEXT))),
                    List.of(), true),
            signed("pairing.claim-code", "/api/device/claim-code"),
            signed("pairing.credentials", "/api/device/credentials"),
            // telemetry-ingest
            post("ingest.data", Service.INGEST, "/api/device/data", Credential.DEVICE,
                    field("sensors", "{\"temperature\":21.5}", Set.of(BAD_SENSORS), Set.of(ODD_SENSORS)),
                    field("timestamp", null, Set.of(NOT_A_STRING, BAD_TEXT, ODD_TEXT, BAD_TIMESTAMP)),
                    field("id", null, NAME, Set.of(ODD_TEXT))),
            post("ingest.data-batch", Service.INGEST, "/api/device/data", Credential.DEVICE,
                    field("readings", "[{\"sensors\":{\"temperature\":21.5}}]", Set.of(BAD_READINGS))),
            new Endpoint("ingest.heartbeat", Service.INGEST, "POST", "/api/device/heartbeat", Credential.DEVICE,
                    List.of(optional("uptimeSeconds", "3600", Set.of(NOT_A_NUMBER), Set.of()),
                            optional("agentVersion", "\"1.2.0\"", Set.of(NOT_A_STRING), Set.of(BAD_TEXT, ODD_TEXT)),
                            optional("os", "\"Debian 12\"", Set.of(NOT_A_STRING), Set.of(BAD_TEXT, ODD_TEXT)),
                            optional("kernel", "\"6.6.31\"", Set.of(NOT_A_STRING), Set.of(BAD_TEXT, ODD_TEXT)),
                            optional("backlog", "0", Set.of(NOT_A_NUMBER), Set.of()),
                            optional("oldestBufferedAgeSeconds", "0", Set.of(NOT_A_NUMBER), Set.of()),
                            optional("freeDiskBytes", "1000000", Set.of(NOT_A_NUMBER), Set.of()),
                            optional("config", "{\"version\":0}", Set.of(), Set.of(NOT_A_STRING))),
                    List.of(), false),
            new Endpoint("ingest.readings", Service.INGEST, "GET", "/api/readings/{id}", Credential.USER, List.of(),
                    List.of("from", "to", "limit", "cursor"), false),
            new Endpoint("ingest.series", Service.INGEST, "GET", "/api/readings/{id}/series", Credential.USER, List.of(),
                    List.of("sensor", "from", "to", "points"), false),
            new Endpoint("ingest.overview", Service.INGEST, "GET", "/api/readings/{id}/overview", Credential.USER, List.of(),
                    List.of("from", "to", "points"), false),
            new Endpoint("ingest.sensors", Service.INGEST, "GET", "/api/readings/{id}/sensors", Credential.USER, List.of(),
                    List.of("from", "to"), false),
            new Endpoint("ingest.export", Service.INGEST, "GET", "/api/readings/{id}/export.csv", Credential.USER, List.of(),
                    List.of("from", "to"), false),
            // alerting
            new Endpoint("alerts.rule-create", Service.ALERTING, "POST", "/api/alert-rules", Credential.USER, List.of(
                    field("deviceId", "\"abuse-device-alice-0001\"", NAME, Set.of(ODD_TEXT)),
                    field("kind", "\"above\"", IDENTIFIER),
                    field("sensor", "\"temperature\"", NAME, Set.of(ODD_TEXT)),
                    field("threshold", "30", Set.of(), Set.of(NOT_A_NUMBER)),
                    field("forSeconds", "0", Set.of(NOT_A_NUMBER)),
                    field("email", "true", Set.of(), Set.of(NOT_A_STRING)),
                    new Field("webhookUrl", null, true, Set.of(HOSTILE_URL), Set.of(NOT_A_STRING, BAD_TEXT, ODD_TEXT),
                            Set.of(PUBLIC_URL)),
                    optional("repeatMinutes", null, Set.of(), Set.of(NOT_A_NUMBER))), List.of(), true),
            bodiless("alerts.rule-list", Service.ALERTING, "GET", "/api/alert-rules", Credential.USER),
            bodiless("alerts.rule-delete", Service.ALERTING, "DELETE", "/api/alert-rules/{id}", Credential.USER),
            new Endpoint("alerts.list", Service.ALERTING, "GET", "/api/alerts", Credential.USER, List.of(),
                    List.of("deviceId", "state", "limit", "cursor"), false),
            bodiless("alerts.open-count", Service.ALERTING, "GET", "/api/alerts/open-count", Credential.USER),
            bodiless("alerts.deliveries", Service.ALERTING, "GET", "/api/alerts/{id}/deliveries", Credential.USER),
            // pi-agent local API (no credentials: LAN only)
            bodiless("agent.device-id", Service.AGENT, "GET", "/device-id", Credential.NONE),
            post("agent.device-register", Service.AGENT, "/device-register", Credential.NONE,
                    field("apiKey", "\"" + UNKNOWN_KEY + "\"", IDENTIFIER),
                    field("deviceName", "\"Probe\"", NAME)),
            bodiless("agent.status", Service.AGENT, "GET", "/status", Credential.NONE));

    /** Endpoints whose unchanged base request is not (yet) accepted in the suite, and why. */
    static final java.util.Map<String, String> WITHOUT_BASE = java.util.Map.of(
            "agent.device-register", "an accepted key pairs the suite's one agent for good (later cases would meet "
                    + "'already paired'), and it then uploads readings while later cases count rows; a fresh agent per "
                    + "case costs a JVM start each");

    private Endpoints() {
    }

    private static List<Field> concat(Field first, List<Field> rest) {
        List<Field> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    static Endpoint named(String name) {
        return ALL.stream().filter(endpoint -> endpoint.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no endpoint " + name));
    }

    private static Endpoint post(String name, Service service, String path, Credential credential, Field... fields) {
        return new Endpoint(name, service, "POST", path, credential, List.of(fields), List.of(), true);
    }

    private static Endpoint bodiless(String name, Service service, String method, String path, Credential credential) {
        return new Endpoint(name, service, method, path, credential, List.of(), List.of(), false);
    }

    /** The agent's signed pairing calls: {deviceId, publicKey, timestamp, signature}, anonymous. */
    private static Endpoint signed(String name, String path) {
        // Each request is signed anew by a new agent (the registry accepts a signed body once).
        return new Endpoint(name, Service.REGISTRY, "POST", path, Credential.NONE, List.of(
                field("deviceId", "\"" + LiveValues.signed("deviceId") + "\"", IDENTIFIER).orRefusedAs("invalid_signature"),
                field("publicKey", "\"" + LiveValues.signed("publicKey") + "\"", IDENTIFIER).orRefusedAs("invalid_signature"),
                field("timestamp", LiveValues.signed("timestamp"), Set.of(NOT_A_NUMBER)),
                field("signature", "\"" + LiveValues.signed("signature") + "\"", IDENTIFIER).orRefusedAs("invalid_signature")),
                List.of(), true);
    }

    private static Field field(String name, String valid, Set<Corpus.Group> rejects) {
        return new Field(name, valid, valid == null, rejects, Set.of(), Set.of());
    }

    private static Field field(String name, String valid, Set<Corpus.Group> rejects, Set<Corpus.Group> probes) {
        return new Field(name, valid, valid == null, rejects, probes, Set.of());
    }

    private static Field optional(String name, String valid, Set<Corpus.Group> rejects, Set<Corpus.Group> probes) {
        return new Field(name, valid, true, rejects, probes, Set.of());
    }
}
