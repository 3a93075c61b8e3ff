package dev.pifleet.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders in a case's request for values that are only valid once or only while the stack runs: a signed
 * agent body (the registry accepts each exactly once), a live claim code, a fresh session or device. Each request
 * gets its own, so the unchanged base of every endpoint is accepted and a hostile case differs from it only by the
 * hostile part.
 */
final class LiveValues {

    /** A new random id part (a new email, a new deviceId). */
    static final String FRESH = "{{fresh}}";
    /** Alice's session token. */
    static final String ALICE_SESSION = "{{alice.session}}";
    /** A new session of alice, for a call that ends it. */
    static final String NEW_SESSION = "{{new.session}}";
    /** A new device of alice, for a call that rotates or deletes it. */
    static final String NEW_DEVICE = "{{new.device}}";
    /** A live claim code of a new agent. */
    static final String CLAIM_CODE = "{{claim.code}}";
    /** A new alert rule of alice. */
    static final String NEW_RULE = "{{new.rule}}";
    /** The session of a new account (password {@link AbuseStack#PASSWORD}), for a call that changes or ends it. */
    static final String FRESH_USER_SESSION = "{{fresh.user.session}}";
    /** A new personal API token of alice (its id), for a call that revokes it. */
    static final String NEW_TOKEN = "{{new.token}}";
    /** A new share of alice's device (its id), for a call that revokes it. */
    static final String NEW_SHARE = "{{new.share}}";
    /** A live password-reset link's secret, of a new account. */
    static final String RESET_LINK = "{{reset.link}}";
    /** A live address-confirmation link's secret, of a new account. */
    static final String VERIFY_LINK = "{{verify.link}}";
    /** A new running rollout of alice, for a call that ends it. */
    static final String NEW_ROLLOUT = "{{new.rollout}}";
    /** A release version never published (a release is published once), and its SHA-256 and signature. */
    static final String RELEASE_VERSION = "{{release.version}}";
    static final String RELEASE_SHA256 = "{{release.sha}}";
    static final String RELEASE_SIGNATURE = "{{release.signature}}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z.]+)}}");

    /** A field of a body signed by a new agent for the endpoint's purpose ({@code timestamp} is a JSON number). */
    static String signed(String field) {
        return "{{signed." + field + "}}";
    }

    /** The request with its live values; {@code wrote} says whether making them stored something in Parse. */
    record Resolved(RawHttp.Request request, boolean wrote) {
    }

    private LiveValues() {
    }

    static Resolved resolve(AbuseStack stack, Endpoint endpoint, RawHttp.Request request) {
        Maker maker = new Maker(stack, endpoint);
        String target = maker.replace(request.target());
        List<Map.Entry<String, String>> headers = request.headers().stream()
                .map(header -> Map.entry(header.getKey(), maker.replace(header.getValue()))).toList();
        // Latin-1 keeps every byte of a hostile body as it is; the values put in are ASCII.
        byte[] body = request.body() == null ? null
                : maker.replace(new String(request.body(), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        return new Resolved(new RawHttp.Request(request.method(), target, headers, body), maker.wrote);
    }

    /** Placeholders with sample values, for checks that need no running stack. */
    static String sample(String text) {
        return PLACEHOLDER.matcher(text).replaceAll(match -> match.group(1).equals("signed.timestamp") ? "1" : "sample");
    }

    /** Makes each value once per request, so the four fields of one signed body belong together. */
    private static final class Maker {
        private final AbuseStack stack;
        private final Endpoint endpoint;
        private final Map<String, String> made = new HashMap<>();
        private SignedRequest signedBody;
        private Map<String, Object> releaseBody;
        private boolean wrote;

        Maker(AbuseStack stack, Endpoint endpoint) {
            this.stack = stack;
            this.endpoint = endpoint;
        }

        String replace(String text) {
            if (text == null || !text.contains("{{")) {
                return text;
            }
            Matcher matcher = PLACEHOLDER.matcher(text);
            return matcher.replaceAll(match -> Matcher.quoteReplacement(made.computeIfAbsent(match.group(1), this::make)));
        }

        private String make(String name) {
            return switch (name) {
                case "fresh" -> UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                case "alice.session" -> stack.alice().sessionToken();
                case "new.session" -> {
                    wrote = true;
                    yield stack.call(Service.GATEWAY, "POST", "/api/auth/login", 200, Map.of("email", stack.alice().email(),
                            "password", AbuseStack.PASSWORD)).get("sessionToken").asText();
                }
                case "new.device" -> {
                    wrote = true;
                    String deviceId = "abuse-base-" + UUID.randomUUID();
                    stack.call(Service.REGISTRY, "POST", "/api/device/register", 201, Map.of("deviceId", deviceId),
                            "x-session-token", stack.alice().sessionToken());
                    yield deviceId;
                }
                case "new.rule" -> {
                    wrote = true;
                    yield stack.call(Service.ALERTING, "POST", "/api/alert-rules", 201, Map.of("deviceId", stack.alice().deviceId(),
                            "kind", "above", "sensor", "temperature", "threshold", 30, "forSeconds", 0, "email", true),
                            "x-session-token", stack.alice().sessionToken()).path("rule").path("id").asText();
                }
                case "fresh.user.session" -> {
                    wrote = true;
                    yield stack.call(Service.GATEWAY, "POST", "/api/auth/signup", 201, Map.of("email",
                            "abuse-fresh-" + UUID.randomUUID() + "@example.com", "password", AbuseStack.PASSWORD))
                            .get("sessionToken").asText();
                }
                case "new.token" -> {
                    wrote = true;
                    yield stack.call(Service.GATEWAY, "POST", "/api/tokens", 201, Map.of("name", "abuse base",
                            "scopes", List.of("read")), "x-session-token", stack.alice().sessionToken()).get("id").asText();
                }
                case "new.share" -> {
                    wrote = true;
                    yield stack.call(Service.REGISTRY, "POST", "/api/devices/" + stack.alice().deviceId() + "/shares", 201,
                            Map.of("email", "abuse-share-" + UUID.randomUUID() + "@example.com", "role", "viewer"),
                            "x-session-token", stack.alice().sessionToken()).path("share").path("id").asText();
                }
                case "reset.link" -> {
                    wrote = true;
                    yield stack.newAccountLink("password-reset", "pfr_");
                }
                case "verify.link" -> {
                    wrote = true;
                    yield stack.newAccountLink("verify-email", "pfv_");
                }
                case "new.rollout" -> {
                    wrote = true;
                    yield stack.newRollout(stack.alice().sessionToken(), stack.alice().deviceId());
                }
                case "release.version" -> release().get("version").toString();
                case "release.sha" -> release().get("sha256").toString();
                case "release.signature" -> release().get("signature").toString();
                case "claim.code" -> {
                    wrote = true;
                    yield newCode(new Agent());
                }
                case "signed.deviceId" -> signed().deviceId();
                case "signed.publicKey" -> signed().publicKey();
                case "signed.timestamp" -> String.valueOf(signed().timestamp());
                case "signed.signature" -> signed().signature();
                default -> throw new IllegalArgumentException("no live value {{" + name + "}}");
            };
        }

        /** A release never published, signed: the three fields of one publish belong together. */
        private Map<String, Object> release() {
            if (releaseBody == null) {
                releaseBody = AbuseStack.releaseBody("2." + (System.nanoTime() & 0xffffff) + "."
                        + (UUID.randomUUID().getLeastSignificantBits() & 0xffff));
            }
            return releaseBody;
        }

        private SignedRequest signed() {
            if (signedBody == null) {
                Agent agent = new Agent();
                if (endpoint.path().endsWith("/credentials")) {
                    // An agent that holds a code (not yet claimed) collects "paired": false.
                    newCode(agent);
                    wrote = true;
                    signedBody = agent.sign(Purpose.CREDENTIALS);
                } else {
                    signedBody = agent.sign(Purpose.CLAIM_CODE);
                }
            }
            return signedBody;
        }

        private String newCode(Agent agent) {
            JsonNode answer = stack.call(Service.REGISTRY, "POST", "/api/device/claim-code", 201, agent.sign(Purpose.CLAIM_CODE));
            return answer.path("code").asText();
        }
    }

    /** A new Pi: a deviceId and a key pair; each signature with a later timestamp. */
    private static final class Agent {
        private final String deviceId = "abuse-pi-" + UUID.randomUUID();
        private final KeyPair keys = AgentProof.newKeyPair();
        private long lastTimestamp;

        SignedRequest sign(Purpose purpose) {
            lastTimestamp = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
            return AgentProof.sign(purpose, deviceId, keys, lastTimestamp);
        }
    }
}
