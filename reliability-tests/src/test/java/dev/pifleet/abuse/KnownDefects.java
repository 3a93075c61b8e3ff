package dev.pifleet.abuse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one list of cases that fail today because of known defects, each with its reason. A listed case still runs:
 * while it fails it is reported as skipped with the reason; once it passes the suite fails and asks for the entry
 * to be removed, so a fix cannot go unnoticed. Keys are case names; {@code *} matches any text.
 */
final class KnownDefects {

    private static final Map<String, String> DEFECTS = new LinkedHashMap<>();

    static {
        // The HTTP layer (Vert.x) answers these itself, before any JAX-RS mapper: an empty 414/431/400, not JSON.
        known("* | limits: URL of 10,000 chars", "an over-long URL gets an empty 414, not the contract's JSON");
        known("* | path id: 5,000 chars", "an over-long URL gets an empty 414, not the contract's JSON");
        known("ingest.readings | query: cursor 5,000 chars", "an over-long URL gets an empty 414, not the contract's JSON");
        known("* | limits: header of 30,000 chars", "an over-long header gets an empty 431, not the contract's JSON");
        known("* | content-length: beyond 2^64", "a malformed Content-Length gets an empty 400 from the HTTP layer, not JSON");
        known("* | content-length: negative", "a malformed Content-Length gets an empty 400 from the HTTP layer, not JSON");
        known("* | content-length: not a number", "a malformed Content-Length gets an empty 400 from the HTTP layer, not JSON");
        known("* | content-length: two different values", "conflicting Content-Lengths get an empty 400 from the HTTP layer, not JSON");
        known("* | content-length: chunked with a bad chunk size", "a bad chunk size closes the connection without an answer");
        // telemetry-ingest
        known("ingest.data | body.sensors BAD_SENSORS: name __proto__", "reserved sensor name: 500 instead of 400");
        known("ingest.data | body.sensors BAD_SENSORS: name constructor", "reserved sensor name: 500 instead of 400");
        known("ingest.data | body.sensors BAD_SENSORS: name __type", "reserved sensor name: 500 instead of 400");
        known("ingest.data | body.sensors BAD_SENSORS: name __op", "reserved sensor name: 500 instead of 400");
        known("ingest.data | body.sensors BAD_SENSORS: empty object", "{\"sensors\":{}} is stored as a reading without values");
        known("ingest.data | body.sensors ODD_SENSORS: value escaped NUL",
                "a string value with \\u0000 reaches PostgreSQL, which cannot store it in jsonb: 500");
        known("ingest.readings | path id: NUL", "a NUL in the device id reaches Parse/PostgreSQL: 503 backend_unavailable, not 400/404");
        known("ingest.readings | path id: NUL inside", "a NUL in the device id reaches Parse/PostgreSQL: 503 backend_unavailable, not 400/404");
        known("ingest.readings | query: to year 99999", "a date outside PostgreSQL's range reaches Parse: 503 backend_unavailable, not 400");
        known("ingest.readings | query: from year -999999999", "a date outside PostgreSQL's range reaches Parse: 503 backend_unavailable, not 400");
        known("ingest.heartbeat | content-type: garbage", "an unparseable Content-Type on the heartbeat gives 500, not 415/400");
        // auth-gateway
        known("auth.verify | body.sessionToken BAD_TEXT: escaped NUL", "control characters in sessionToken: 500, not 400/401");
        known("auth.verify | body.sessionToken BAD_TEXT: NUL only", "control characters in sessionToken: 500, not 400/401");
        known("auth.verify | body.sessionToken BAD_TEXT: bell and escape", "control characters in sessionToken: 500, not 400/401");
        known("auth.verify | body.sessionToken BAD_TEXT: CRLF header injection", "control characters in sessionToken: 500, not 400/401");
        // pi-agent
        for (String name : new String[] {"blank", "lone surrogate", "right-to-left override", "zero-width space only"}) {
            known("agent.device-register | body.deviceName BAD_TEXT: " + name,
                    "the agent's deviceName rule (no \\p{Cntrl}) is weaker than the registry's (no \\p{C}, not blank): "
                            + "a name the registry refuses is accepted, then the unknown key answers 502");
        }
        known("agent.device-register | body: UTF-16 body", "a well-formed but unknown key answers 502 key_rejected: a 5xx for the client's mistake");
        known("agent.device-register | content-type: missing", "a well-formed but unknown key answers 502 key_rejected: a 5xx for the client's mistake");
    }

    private static void known(String pattern, String reason) {
        DEFECTS.put(pattern, reason);
    }

    private KnownDefects() {
    }

    static Optional<String> reason(String caseName) {
        return DEFECTS.entrySet().stream()
                .filter(entry -> matches(entry.getKey(), caseName))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    static boolean matches(String pattern, String caseName) {
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(caseName).matches();
    }

    static Map<String, String> all() {
        return Map.copyOf(DEFECTS);
    }
}
