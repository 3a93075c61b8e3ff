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

    /**
     * A defect and the one answer it gives while it lasts: a status with an empty body, or no answer at all
     * ({@code status} 0). Any other answer is not this defect, and fails.
     */
    record Known(String reason, int status) {

        boolean shows(int answered, String body) {
            return answered == status && (body == null || body.isEmpty());
        }

        String symptom() {
            return status == 0 ? "no answer" : "an empty " + status;
        }
    }

    private static final Map<String, Known> DEFECTS = new LinkedHashMap<>();

    static {
        // The HTTP layer (Vert.x) answers these itself, before any JAX-RS mapper: an empty 414/431/400, not JSON.
        known("* | content-length: beyond 2^64", "a malformed Content-Length gets an empty 400 from the HTTP layer, not JSON", 400);
        known("* | content-length: negative", "a malformed Content-Length gets an empty 400 from the HTTP layer, not JSON", 400);
        known("* | content-length: not a number", "a malformed Content-Length gets an empty 400 from the HTTP layer, not JSON", 400);
        known("* | content-length: two different values", "conflicting Content-Lengths get an empty 400 from the HTTP layer, not JSON", 400);
        // The app answers 400 malformed_body, but the HTTP layer has already closed the connection.
        known("* | content-length: chunked with a bad chunk size", "a bad chunk size closes the connection without an answer", 0);
    }

    private static void known(String pattern, String reason, int status) {
        DEFECTS.put(pattern, new Known(reason, status));
    }

    private KnownDefects() {
    }

    static Optional<Known> find(String caseName) {
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

    static Map<String, Known> all() {
        return Map.copyOf(DEFECTS);
    }
}
