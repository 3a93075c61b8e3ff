package dev.pifleet.abuse;

import dev.pifleet.abuse.Endpoint.Credential;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every case of the suite: each endpoint of {@link Endpoints} crossed with the hostile inputs that apply to it
 * (method, credentials, body framing, each body field, ids in the path, query strings, size limits).
 * Names are stable, so a case can be run alone and listed in {@link KnownDefects}.
 */
final class Cases {

    /** What must hold for a case's answer. */
    enum Expect {
        /** 4xx with the contract's error JSON, and nothing stored. */
        REJECTED,
        /** Anything but a 5xx; if refused, refused like {@link #REJECTED}. For input that is odd but allowed. */
        SURVIVES,
        /** A 2xx: the endpoint's unchanged base request, which every other case varies in one part. */
        ACCEPTED
    }

    /**
     * One hostile request, built against the running stack.
     *
     * @param field the body field a field case makes hostile (the refusal must name it), or {@code null}
     * @param otherCode another error code that refuses this case for its value, or {@code null}: the JSON parser's
     *     {@code malformed_json} for a number out of every range or deep nesting, or the field's
     *     {@link Endpoint.Field#wrongTextCode()} for a string
     */
    record Case(String name, Endpoint endpoint, Expect expect, String field, String otherCode,
            Function<AbuseStack, RawHttp.Request> request) {

        Case(String name, Endpoint endpoint, Expect expect, Function<AbuseStack, RawHttp.Request> request) {
            this(name, endpoint, expect, null, null, request);
        }
    }

    /** Values the JSON parser itself refuses (numbers beyond long and double, nesting beyond its limit). */
    private static final java.util.Set<String> PARSER_REFUSES = java.util.Set.of(
            "1e400", "-1e400", "2^64", "-(2^63)-1", "value nested 10,000 levels");

    private static final String JSON = "application/json";
    private static final String ABSENT_DEVICE = "abuse-absent-device-0001";
    private static final Map<String, Case> BY_NAME = build();

    private Cases() {
    }

    static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    static Case named(String name) {
        Case found = BY_NAME.get(name);
        if (found == null) {
            throw new IllegalArgumentException("no case " + name);
        }
        return found;
    }

    private static Map<String, Case> build() {
        Map<String, Case> cases = new LinkedHashMap<>();
        for (Endpoint endpoint : Endpoints.ALL) {
            List<Case> all = new ArrayList<>();
            if (!Endpoints.WITHOUT_BASE.containsKey(endpoint.name())) {
                all.add(baseCase(endpoint));
            }
            all.add(methodCase(endpoint));
            all.addAll(credentialCases(endpoint));
            all.addAll(framingCases(endpoint));
            all.addAll(fieldCases(endpoint));
            all.addAll(pathCases(endpoint));
            all.addAll(queryCases(endpoint));
            all.addAll(limitCases(endpoint));
            for (Case c : all) {
                if (cases.put(c.name(), c) != null) {
                    throw new IllegalStateException("two cases named " + c.name());
                }
            }
        }
        return cases;
    }

    /** The request every other case of the endpoint changes in one part, unchanged: it must be accepted. */
    private static Case baseCase(Endpoint endpoint) {
        return new Case(endpoint.name() + " | base: accepted", endpoint, Expect.ACCEPTED, stack -> {
            // A call that ends what it acts on gets its own session, device or rule: alice's stay for the other cases.
            String target = target(endpoint, stack);
            List<String> headers = credential(endpoint, stack);
            if (endpoint.name().equals("auth.logout")) {
                headers = new ArrayList<>(List.of("x-session-token", LiveValues.NEW_SESSION));
            } else if (endpoint.name().equals("alerts.rule-delete")) {
                target = endpoint.path().replace("{id}", LiveValues.NEW_RULE);
            } else if (endpoint.name().equals("tokens.revoke")) {
                target = endpoint.path().replace("{id}", LiveValues.NEW_TOKEN);
            } else if (endpoint.name().equals("registry.delete") || endpoint.name().equals("registry.rotate-key")) {
                target = endpoint.path().replace("{id}", LiveValues.NEW_DEVICE);
            } else if (endpoint.name().equals("rollouts.cancel")) {
                target = endpoint.path().replace("{id}", LiveValues.NEW_ROLLOUT);
            }
            if (endpoint.queryParameters().contains("sensor")) {
                target += "?sensor=temperature";
            }
            return validBody(endpoint, endpoint.method(), target, headers);
        });
    }

    private static Case methodCase(Endpoint endpoint) {
        return new Case(endpoint.name() + " | method: PUT", endpoint, Expect.REJECTED,
                stack -> validBody(endpoint, "PUT", target(endpoint, stack), credential(endpoint, stack)));
    }

    private static List<Case> credentialCases(Endpoint endpoint) {
        List<Case> cases = new ArrayList<>();
        Map<String, Function<AbuseStack, List<String>>> hostile = new LinkedHashMap<>();
        hostile.put("none", stack -> List.of());
        if (endpoint.credential() == Credential.USER || endpoint.credential() == Credential.FRESH_USER) {
            hostile.put("x-session-token $ne", stack -> List.of("x-session-token", "{\"$ne\":null}"));
            hostile.put("x-session-token $regex", stack -> List.of("x-session-token", "{\"$regex\":\".*\"}"));
            hostile.put("x-session-token empty", stack -> List.of("x-session-token", ""));
            hostile.put("x-session-token 4,000 chars", stack -> List.of("x-session-token", "r:" + "a".repeat(4_000)));
            hostile.put("x-session-token 10 KB", stack -> List.of("x-session-token", "r:" + "a".repeat(10_240)));
            hostile.put("x-session-token Latin-1 bytes", stack -> List.of("x-session-token", "r:\u00ff\u00fe\u00e9"));
            hostile.put("x-session-token is a device key", stack -> List.of("x-session-token", stack.alice().apiKey()));
            hostile.put("Bearer without token", stack -> List.of("Authorization", "Bearer"));
            hostile.put("Bearer $ne", stack -> List.of("Authorization", "Bearer {\"$ne\":null}"));
            hostile.put("Basic", stack -> List.of("Authorization", "Basic YWxpY2U6cGFzc3dvcmQ="));
            hostile.put("Device key as user", stack -> List.of("Authorization", "Device " + stack.alice().apiKey()));
            hostile.put("garbage Authorization", stack -> List.of("Authorization", "\u00ff\u00fe garbage ;;; =="));
        } else if (endpoint.credential() == Credential.DEVICE) {
            hostile.put("Device without key", stack -> List.of("Authorization", "Device"));
            hostile.put("Device $ne", stack -> List.of("Authorization", "Device {\"$ne\":null}"));
            hostile.put("Device $regex", stack -> List.of("Authorization", "Device {\"$regex\":\"pfk_.*\"}"));
            hostile.put("Device unknown well-formed key", stack -> List.of("Authorization", "Device " + Endpoints.UNKNOWN_KEY));
            hostile.put("Device key with NUL escape", stack -> List.of("Authorization", "Device " + stack.alice().apiKey() + "%00"));
            hostile.put("Device 4,000 chars", stack -> List.of("Authorization", "Device pfk_" + "A".repeat(4_000)));
            hostile.put("Device 10 KB", stack -> List.of("Authorization", "Device pfk_" + "A".repeat(10_240)));
            hostile.put("Bearer user session", stack -> List.of("Authorization", "Bearer " + stack.alice().sessionToken()));
            hostile.put("Device user session", stack -> List.of("Authorization", "Device " + stack.alice().sessionToken()));
            hostile.put("x-session-token only", stack -> List.of("x-session-token", stack.alice().sessionToken()));
            hostile.put("garbage Authorization", stack -> List.of("Authorization", "\u00ff\u00fe garbage ;;; =="));
        } else if (endpoint.credential() == Credential.OPERATOR) {
            hostile.put("Operator without token", stack -> List.of("Authorization", "Operator"));
            hostile.put("Operator wrong token", stack -> List.of("Authorization", "Operator abuse-operator-tokem"));
            hostile.put("Operator token with NUL escape", stack -> List.of("Authorization", "Operator " + AbuseStack.OPERATOR_TOKEN + "%00"));
            hostile.put("Operator the token's hash", stack -> List.of("Authorization",
                    "Operator " + AbuseStack.sha256Of(AbuseStack.OPERATOR_TOKEN)));
            hostile.put("Operator $ne", stack -> List.of("Authorization", "Operator {\"$ne\":null}"));
            hostile.put("Operator 10 KB", stack -> List.of("Authorization", "Operator " + "a".repeat(10_240)));
            hostile.put("operator lower case", stack -> List.of("Authorization", "operator " + AbuseStack.OPERATOR_TOKEN));
            hostile.put("Bearer operator token", stack -> List.of("Authorization", "Bearer " + AbuseStack.OPERATOR_TOKEN));
            hostile.put("x-session-token operator token", stack -> List.of("x-session-token", AbuseStack.OPERATOR_TOKEN));
            hostile.put("a user's session", stack -> List.of("x-session-token", stack.alice().sessionToken()));
            hostile.put("Operator a user's session", stack -> List.of("Authorization", "Operator " + stack.alice().sessionToken()));
            hostile.put("Device key", stack -> List.of("Authorization", "Device " + stack.alice().apiKey()));
            hostile.put("garbage Authorization", stack -> List.of("Authorization", "\u00ff\u00fe garbage ;;; =="));
        } else {
            return cases;
        }
        hostile.forEach((label, headers) -> cases.add(new Case(endpoint.name() + " | credential: " + label, endpoint,
                Expect.REJECTED, stack -> validBody(endpoint, endpoint.method(), target(endpoint, stack), headers.apply(stack)))));
        return cases;
    }

    private static List<Case> framingCases(Endpoint endpoint) {
        List<Case> cases = new ArrayList<>();
        if (!endpoint.hasBody()) {
            return cases;
        }
        String valid = endpoint.validBody();
        Map<String, byte[]> malformed = new LinkedHashMap<>();
        malformed.put("malformed JSON: cut short", utf8(valid.substring(0, valid.length() / 2)));
        malformed.put("malformed JSON: single quotes", utf8(valid.replace('"', '\'')));
        malformed.put("malformed JSON: not JSON", utf8("email=a@b.c&password=x"));
        malformed.put("malformed JSON: trailing comma", utf8(valid.substring(0, valid.length() - 1) + ",}"));
        malformed.put("malformed JSON: trailing garbage", utf8(valid + " {\"$where\":1}"));
        malformed.put("malformed JSON: raw NUL in a string", utf8(valid.replaceFirst("\":", "\u0000\":")));
        malformed.put("malformed JSON: raw newline in a key", utf8(valid.replaceFirst("\":", "\n\":")));
        malformed.put("invalid UTF-8 in a key", withBytes(valid, new byte[] {(byte) 0xC3, (byte) 0x28}));
        malformed.put("top level: array of the body", utf8("[" + valid + "]"));
        malformed.put("top level: string", utf8("\"" + valid.replace("\"", "\\\"") + "\""));
        malformed.put("top level: number 1e400", utf8(Corpus.HUGE_NUMBER));
        malformed.put("top level: true", utf8("true"));
        malformed.put("nested arrays 10,000 levels", utf8(Corpus.nestedArrays(10_000)));
        malformed.put("nested objects 10,000 levels", utf8(Corpus.nestedObjects(10_000)));
        malformed.put("2 MiB body", utf8(valid.substring(0, valid.length() - 1) + ",\"padding\":" + Corpus.string(2 << 20) + "}"));
        malformed.forEach((label, body) -> cases.add(bodyCase(endpoint, label, body, Expect.REJECTED)));

        // Encodings the JSON parser decodes instead of refusing (it detects UTF-16, and reads the overlong C0 AF as
        // '/'): anything but a 5xx.
        Map<String, byte[]> decoded = new LinkedHashMap<>();
        decoded.put("overlong UTF-8 in a key", withBytes(valid, new byte[] {(byte) 0xC0, (byte) 0xAF}));
        decoded.put("UTF-16 body", valid.getBytes(StandardCharsets.UTF_16));
        decoded.forEach((label, body) -> cases.add(bodyCase(endpoint, label, body, Expect.SURVIVES)));

        // Bodies that are JSON objects but carry none of the fields: refused where a field is required.
        Expect emptyish = endpoint.bodyRequired() ? Expect.REJECTED : Expect.SURVIVES;
        Map<String, byte[]> empty = new LinkedHashMap<>();
        empty.put("empty", new byte[0]);
        empty.put("null", utf8("null"));
        empty.put("{}", utf8("{}"));
        Corpus.reservedTopLevelBodies().forEach(value -> empty.put("only reserved key " + value.label(), utf8(value.json())));
        empty.forEach((label, body) -> cases.add(bodyCase(endpoint, label, body, emptyish)));

        // The valid body sent as something else than JSON: refused where a body is required.
        Map<String, String> contentTypes = Map.of("text/plain", "text/plain", "application/xml", "application/xml",
                "form", "application/x-www-form-urlencoded", "multipart without boundary", "multipart/form-data",
                "garbage", "\u00ff/;;;=");
        new TreeMap<>(contentTypes).forEach((label, type) -> cases.add(new Case(endpoint.name() + " | content-type: " + label, endpoint,
                emptyish, stack -> request(endpoint.method(), target(endpoint, stack),
                        with(credential(endpoint, stack), "Content-Type", type),
                        utf8(endpoint.validBody())))));

        // No Content-Type at all: JAX-RS may take the body as JSON (the seed's heartbeat sends none).
        cases.add(new Case(endpoint.name() + " | content-type: missing", endpoint, Expect.SURVIVES,
                stack -> request(endpoint.method(), target(endpoint, stack), credential(endpoint, stack),
                        utf8(endpoint.validBody()))));

        // Framing that lies about the body. (A Content-Length far above the limit with no body behind it is not
        // here: the services wait for the body until the connection's idle timeout, as HTTP allows.)
        Map<String, List<String>> lengths = new LinkedHashMap<>();
        lengths.put("beyond 2^64", List.of("Content-Length", "99999999999999999999999"));
        lengths.put("negative", List.of("Content-Length", "-1"));
        lengths.put("not a number", List.of("Content-Length", "abc"));
        lengths.put("shorter than the body", List.of("Content-Length", "3"));
        lengths.put("two different values", List.of("Content-Length", "3", "Content-Length", "4"));
        lengths.put("chunked with a bad chunk size", List.of("Transfer-Encoding", "chunked"));
        lengths.forEach((label, framing) -> cases.add(new Case(endpoint.name() + " | content-length: " + label, endpoint,
                Expect.REJECTED, stack -> {
                    List<String> headers = with(credential(endpoint, stack), "Content-Type", JSON);
                    headers.addAll(framing);
                    byte[] body = label.startsWith("chunked") ? utf8("zz\r\n" + valid + "\r\n0\r\n\r\n") : utf8(valid);
                    return request(endpoint.method(), target(endpoint, stack), headers, body);
                })));
        return cases;
    }

    /** A raw JSON body with the endpoint's valid credential. */
    private static Case bodyCase(Endpoint endpoint, String label, byte[] body, Expect expect) {
        return new Case(endpoint.name() + " | body: " + label, endpoint, expect,
                stack -> request(endpoint.method(), target(endpoint, stack),
                        with(credential(endpoint, stack), "Content-Type", JSON), body));
    }

    private static List<Case> fieldCases(Endpoint endpoint) {
        List<Case> cases = new ArrayList<>();
        for (Endpoint.Field field : endpoint.fields()) {
            for (Corpus.Group group : Corpus.Group.values()) {
                boolean rejected = field.rejects().contains(group);
                boolean accepted = field.accepts().contains(group);
                if (!rejected && !accepted && !field.probes().contains(group)) {
                    continue;
                }
                for (Corpus.Value value : Corpus.values(group)) {
                    // null is "absent" for an optional field
                    boolean optionalNull = value.json().equals("null") && field.optional();
                    Expect expect = accepted ? Expect.ACCEPTED : rejected && !optionalNull ? Expect.REJECTED : Expect.SURVIVES;
                    cases.add(new Case(endpoint.name() + " | body." + field.name() + " " + group + ": " + value.label(),
                            endpoint, expect, field.name(),
                            PARSER_REFUSES.contains(value.label()) ? "malformed_json"
                                    : group == Corpus.Group.BAD_TEXT || group == Corpus.Group.ODD_TEXT ? field.wrongTextCode() : null,
                            stack -> request(endpoint.method(), target(endpoint, stack),
                                    with(credential(endpoint, stack), "Content-Type", JSON),
                                    utf8(endpoint.bodyWith(field, value.json())))));
                }
            }
        }
        return cases;
    }

    private static List<Case> pathCases(Endpoint endpoint) {
        List<Case> cases = new ArrayList<>();
        if (!endpoint.hasIdInPath()) {
            return cases;
        }
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("traversal ..%2F..", "..%2F..%2Fapi%2Fauth%2Fme");
        ids.put("traversal %2e%2e", "%2e%2e%2f%2e%2e%2fapi%2fdevices");
        ids.put("traversal to another route", "..%2Fdevices");
        ids.put("NUL", "%00");
        ids.put("NUL inside", "abc%00def");
        ids.put("CRLF", "abc%0D%0ASet-Cookie:%20x=y");
        ids.put("200 chars", "a".repeat(200));
        ids.put("5,000 chars", "a".repeat(5_000));
        ids.put("unicode", "%C3%BCn%C3%AFc%C3%B8d%C3%A9-%D0%B4%D0%B0");
        ids.put("invalid UTF-8", "%FF%FE%C3%28");
        ids.put("$ne object", "%7B%22%24ne%22%3Anull%7D");
        ids.put("$regex", "%24regex");
        ids.put("regex .*", ".*");
        ids.put("asterisk", "%2A");
        ids.put("space only", "%20%20%20");
        ids.put("matrix parameter", "abc;jsessionid=1");
        ids.forEach((label, id) -> cases.add(pathCase(endpoint, label, id, Expect.REJECTED)));
        // Well-formed ids that mean something to JavaScript: absent (404), or claimed by a probe of register.
        cases.add(pathCase(endpoint, "__proto__", "__proto__", Expect.SURVIVES));
        cases.add(pathCase(endpoint, "constructor", "constructor", Expect.SURVIVES));
        return cases;
    }

    private static Case pathCase(Endpoint endpoint, String label, String id, Expect expect) {
        return new Case(endpoint.name() + " | path id: " + label, endpoint, expect,
                stack -> validBody(endpoint, endpoint.method(), endpoint.pathWith(id, stack.alice().deviceId()),
                        credential(endpoint, stack)));
    }

    private static List<Case> queryCases(Endpoint endpoint) {
        List<Case> cases = new ArrayList<>();
        // A series needs a sensor: every other parameter's case names a valid one, so that only that parameter is wrong.
        String sensor = endpoint.queryParameters().contains("sensor") ? "sensor=t&" : "";
        Map<String, String> queries = new LinkedHashMap<>();
        if (endpoint.queryParameters().contains("limit")) {
            queries.put("limit=-1", "limit=-1");
            queries.put("limit=0", "limit=0");
            queries.put("limit=1e9", "limit=1e9");
            queries.put("limit=1001", "limit=1001");
            queries.put("limit=2^64", "limit=18446744073709551616");
            queries.put("limit=abc", "limit=abc");
            queries.put("limit=NUL", "limit=%00");
            queries.put("cursor garbage", "cursor=garbage!!");
            queries.put("cursor base64 of JSON", "cursor=eyIkbmUiOm51bGx9");
            queries.put("cursor $ne", "cursor=%7B%22%24ne%22%3Anull%7D");
            queries.put("cursor 1,000 chars", "cursor=" + "A".repeat(1_000));
            queries.put("cursor 5,000 chars", "cursor=" + "A".repeat(5_000));
        }
        if (endpoint.queryParameters().contains("points")) {
            queries.put("points=0", sensor + "points=0");
            queries.put("points=2001", sensor + "points=2001");
            queries.put("points=-1", sensor + "points=-1");
            queries.put("points=abc", sensor + "points=abc");
            queries.put("points=2^64", sensor + "points=18446744073709551616");
            queries.put("one point across 1970", sensor + "from=1969-12-31T00:00:00Z&to=1970-01-02T00:00:00Z&points=1");
        }
        if (endpoint.queryParameters().contains("sensor")) {
            queries.put("no sensor", "points=10");
            queries.put("sensor with a space", "sensor=a%20b");
            queries.put("sensor NUL", "sensor=a%00b");
            queries.put("sensor __proto__", "sensor=__proto__");
            queries.put("sensor $ne", "sensor=%7B%22%24ne%22%3Anull%7D");
            queries.put("sensor 1,000 chars", "sensor=" + "a".repeat(1_000));
        }
        if (endpoint.queryParameters().contains("from")) {
            queries.put("from garbage", sensor + "from=garbage");
            queries.put("to garbage", sensor + "to=garbage");
            queries.put("from 1e400", sensor + "from=1e400");
            queries.put("from month 13", sensor + "from=2026-13-45T99:99:99Z");
            queries.put("to year 99999", sensor + "to=%2B99999-01-01T00:00:00Z");
            queries.put("from year -999999999", sensor + "from=-999999999-01-01T00:00:00Z");
            queries.put("from NUL", sensor + "from=%00");
            queries.put("from after to", sensor + "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z");
            queries.put("from equals to", sensor + "from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z");
        }
        if (endpoint.queryParameters().contains("purge")) {
            // Against an absent device: a bad purge must be refused before anything else happens.
            queries.put("purge=maybe", "purge=maybe");
            queries.put("purge=1e9", "purge=1e9");
            queries.put("purge=NUL", "purge=%00");
            queries.put("purge $ne", "purge=%7B%22%24ne%22%3Anull%7D");
        }
        if (endpoint.queryParameters().contains("tag")) {
            queries.put("tag uppercase", "tag=ABC");
            queries.put("tag NUL", "tag=a%00b");
            queries.put("tag $ne", "tag=%7B%22%24ne%22%3Anull%7D");
            queries.put("tag 1,000 chars", "tag=" + "a".repeat(1_000));
        }
        if (endpoint.queryParameters().contains("waitSeconds")) {
            queries.put("waitSeconds=-1", "waitSeconds=-1");
            queries.put("waitSeconds=61", "waitSeconds=61");
            queries.put("waitSeconds=1e9", "waitSeconds=1e9");
            queries.put("waitSeconds=2^64", "waitSeconds=18446744073709551616");
            queries.put("waitSeconds=abc", "waitSeconds=abc");
            queries.put("configVersion=-1", "configVersion=-1");
            queries.put("configVersion=abc", "configVersion=abc");
            queries.put("configVersion=2^64", "configVersion=18446744073709551616");
            queries.put("configVersion $ne", "configVersion=%7B%22%24ne%22%3Anull%7D");
        }
        Map<String, String> lenient = new LinkedHashMap<>();
        if (endpoint.queryParameters().contains("tag")) {
            lenient.put("unknown tag", "tag=no-such-tag");
            lenient.put("tag empty", "tag=");
        }
        if (endpoint.queryParameters().contains("waitSeconds")) {
            lenient.put("waitSeconds empty", "waitSeconds=");
            lenient.put("configVersion far ahead", "waitSeconds=0&configVersion=9223372036854775807");
        }
        if (endpoint.queryParameters().contains("limit")) {
            // An empty value is the default and the first of repeated values counts: allowed, but never a 5xx.
            lenient.put("limit empty", "limit=");
            lenient.put("repeated limit, one bad", "limit=10&limit=-1");
            lenient.put("repeated from, one bad", "from=2026-01-01T00:00:00Z&from=garbage");
            lenient.put("operator in a parameter name", "from%5B%24ne%5D=x");
        }
        if (endpoint.queryParameters().contains("sensor")) {
            lenient.put("unknown sensor", "sensor=no-such-sensor");
            lenient.put("sensor with dots", "sensor=temp.inside");
        }
        if (endpoint.queryParameters().contains("points")) {
            lenient.put("points empty", sensor + "points=");
            lenient.put("a century at 2000 points", sensor + "from=1950-01-01T00:00:00Z&to=2050-01-01T00:00:00Z&points=2000");
            lenient.put("year 1 to 9999 at 2 points", sensor + "from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&points=2");
        } else if (endpoint.queryParameters().contains("from") && !endpoint.queryParameters().contains("limit")) {
            lenient.put("year 1 to 9999", "from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z");
            lenient.put("operator in a parameter name", "from%5B%24ne%5D=x");
        }
        lenient.forEach((label, query) -> cases.add(queryCase(endpoint, label, query, Expect.SURVIVES)));
        queries.forEach((label, query) -> cases.add(queryCase(endpoint, label, query, Expect.REJECTED)));
        return cases;
    }

    private static Case queryCase(Endpoint endpoint, String label, String query, Expect expect) {
        return new Case(endpoint.name() + " | query: " + label, endpoint, expect,
                stack -> request(endpoint.method(),
                        (endpoint.queryParameters().contains("purge") ? endpoint.path().replace("{id}", ABSENT_DEVICE)
                                : target(endpoint, stack)) + "?" + query,
                        credential(endpoint, stack), null));
    }

    private static List<Case> limitCases(Endpoint endpoint) {
        return List.of(
                new Case(endpoint.name() + " | limits: URL of 10,000 chars", endpoint, Expect.REJECTED,
                        stack -> validBody(endpoint, endpoint.method(), target(endpoint, stack) + "?q=" + "a".repeat(10_000),
                                credential(endpoint, stack))),
                new Case(endpoint.name() + " | limits: header of 30,000 chars", endpoint, Expect.REJECTED,
                        stack -> validBody(endpoint, endpoint.method(), target(endpoint, stack),
                                with(credential(endpoint, stack), "X-Padding", "a".repeat(30_000)))));
    }

    private static String target(Endpoint endpoint, AbuseStack stack) {
        String id = endpoint.name().equals("alerts.deliveries") ? stack.alice().alertId()
                : endpoint.name().startsWith("rollouts.") ? stack.alice().rolloutId() : stack.alice().deviceId();
        return endpoint.path().replace("{id}", id).replace("{command}", stack.alice().commandId());
    }

    /** The first user's valid credential for the endpoint, as header name/value pairs. */
    private static List<String> credential(Endpoint endpoint, AbuseStack stack) {
        return switch (endpoint.credential()) {
            case NONE -> new ArrayList<>();
            case USER -> new ArrayList<>(List.of("x-session-token", stack.alice().sessionToken()));
            case FRESH_USER -> new ArrayList<>(List.of("x-session-token", LiveValues.FRESH_USER_SESSION));
            case DEVICE -> new ArrayList<>(List.of("Authorization", "Device " + stack.alice().apiKey()));
            case OPERATOR -> new ArrayList<>(List.of("Authorization", "Operator " + AbuseStack.OPERATOR_TOKEN));
        };
    }

    /** The endpoint's valid body (if it takes one) with its Content-Type, after the given headers. */
    private static RawHttp.Request validBody(Endpoint endpoint, String method, String target, List<String> headers) {
        return endpoint.hasBody()
                ? request(method, target, with(headers, "Content-Type", JSON), utf8(endpoint.validBody()))
                : request(method, target, headers, null);
    }

    private static RawHttp.Request request(String method, String target, List<String> headers, byte[] body) {
        return new RawHttp.Request(method, target, RawHttp.headers(headers.toArray(String[]::new)), body);
    }

    private static List<String> with(List<String> headers, String name, String value) {
        List<String> all = new ArrayList<>(headers);
        all.add(name);
        all.add(value);
        return all;
    }

    private static byte[] withBytes(String valid, byte[] inserted) {
        int at = valid.indexOf('"') + 1;
        byte[] head = utf8(valid.substring(0, at));
        byte[] tail = utf8(valid.substring(at));
        byte[] all = new byte[head.length + inserted.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(inserted, 0, all, head.length, inserted.length);
        System.arraycopy(tail, 0, all, head.length + inserted.length, tail.length);
        return all;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
