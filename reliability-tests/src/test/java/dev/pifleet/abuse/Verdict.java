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
        List<String> problems = new ArrayList<>();
        if (status >= 500) {
            problems.add("a server error (" + status + ") for a client's request");
        } else if (expect == Cases.Expect.REJECTED && status < 400) {
            problems.add("accepted (" + status + "), expected a 4xx");
        } else if (expect == Cases.Expect.ACCEPTED && (status < 200 || status >= 300)) {
            problems.add("refused (" + status + "), expected a 2xx: " + RawHttp.abbreviate(body));
        }
        if (status >= 400) {
            problems.addAll(errorShape(body));
        }
        var leak = LEAK.matcher(body);
        if (leak.find()) {
            problems.add("the body leaks internals: '" + leak.group() + "'");
        }
        return problems;
    }

    /** A refusal that must be for {@code field}: the contract's {@code details} name it. */
    static List<String> namesField(String field, int status, String body) {
        if (field == null || status < 400 || status >= 500) {
            return List.of();
        }
        try {
            JsonNode details = AbuseStack.JSON.readTree(body).path("details");
            for (JsonNode detail : details) {
                if (field.equals(detail.path("field").asText())) {
                    return List.of();
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // errorShape reports it
        }
        return List.of("refused, but not for " + field + ": " + RawHttp.abbreviate(body));
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
