package dev.pifleet.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What is wrong with an answer to a hostile request (an empty list: nothing). Pure, so it has its own unit test. */
final class Verdict {

    /** A stack frame, an exception's class name or an internal package: none may reach a client. */
    private static final Pattern LEAK = Pattern.compile(
            "at [\\w$.<>]+\\([\\w$]+\\.(java|js):\\d+\\)|at [\\w$.]+\\((Unknown Source|Native Method)\\)|\\w(Exception|Error)\\b"
                    + "|\\b(java|javax|jakarta|io\\.quarkus|io\\.vertx|io\\.netty|org\\.jboss|com\\.fasterxml|dev\\.pifleet)\\.[A-Za-z]"
                    + "|node_modules");

    private Verdict() {
    }

    static List<String> problems(Cases.Expect expect, int status, String body) {
        return problems(expect, null, null, status, body);
    }

    /**
     * @param field the body field a field case made hostile, or {@code null}
     * @param otherCode another error code that refuses the case for its value (see {@link Cases.Case}), or null
     */
    static List<String> problems(Cases.Expect expect, String field, String otherCode, int status, String body) {
        List<String> problems = new ArrayList<>();
        if (status >= 500) {
            problems.add("a server error (" + status + ") for a client's request");
        } else if (expect == Cases.Expect.REJECTED && status < 400) {
            problems.add("accepted (" + status + "), expected a 4xx");
        } else if (expect == Cases.Expect.ACCEPTED && (status < 200 || status >= 300)) {
            problems.add("refused (" + status + " " + RawHttp.abbreviate(body) + "), expected a 2xx: an endpoint's "
                    + "unchanged base request (or a control value) must be accepted, or no case can show why it is refused");
        }
        if (status >= 400) {
            problems.addAll(errorShape(body));
            if (expect == Cases.Expect.REJECTED && field != null && status < 500) {
                problems.addAll(namesField(field, otherCode, body));
            }
        }
        // A normal answer may carry diagnostics by design (the agent's /status names its last network error).
        var leak = LEAK.matcher(body);
        if (expect != Cases.Expect.ACCEPTED && leak.find()) {
            problems.add("the body leaks internals: '" + leak.group() + "'");
        }
        return problems;
    }

    /**
     * A field case is refused for its field: {@code invalid_input} with the field (or a part of it) in
     * {@code details[].field} (or named in a detail's message: "send sensors or readings"), or {@code otherCode}.
     * A body over the service's size limit may be refused for its size instead.
     */
    static List<String> namesField(String field, String otherCode, String body) {
        JsonNode json;
        try {
            json = AbuseStack.JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        String error = json.path("error").asText();
        if (error.equals("payload_too_large") || error.equals(otherCode)) {
            return List.of();
        }
        if (!error.equals("invalid_input")) {
            return List.of("refused as \"" + error + "\", expected \"invalid_input\" naming " + field
                    + (otherCode == null ? "" : " or \"" + otherCode + "\""));
        }
        for (JsonNode detail : json.path("details")) {
            String named = detail.path("field").asText();
            if (named.equals(field) || named.startsWith(field + ".") || named.startsWith(field + "[")
                    || Pattern.compile("\\b" + Pattern.quote(field) + "\\b").matcher(detail.path("message").asText()).find()) {
                return List.of();
            }
        }
        return List.of("refused without " + field + " in details[].field: " + RawHttp.abbreviate(body));
    }

    /** The contract's error JSON: {"success":false,"error":"<code>","message":"..."}. */
    static List<String> errorShape(String body) {
        JsonNode json;
        try {
            json = body.isBlank() ? null : AbuseStack.JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return List.of("the error is not JSON: '" + RawHttp.abbreviate(body) + "'");
        }
        List<String> problems = new ArrayList<>();
        if (!json.path("success").isBoolean() || json.path("success").asBoolean()) {
            problems.add("no \"success\":false in " + RawHttp.abbreviate(body));
        }
        if (!json.path("error").isTextual() || json.path("error").asText().isBlank()) {
            problems.add("no \"error\" code in " + RawHttp.abbreviate(body));
        }
        if (!json.path("message").isTextual()) {
            problems.add("no \"message\" in " + RawHttp.abbreviate(body));
        }
        return problems;
    }
}
