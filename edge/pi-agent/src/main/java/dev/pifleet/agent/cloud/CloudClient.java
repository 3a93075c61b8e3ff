package dev.pifleet.agent.cloud;

import dev.pifleet.agent.sender.Reading;
import dev.pifleet.agent.cloud.CloudReply;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.device.ApiKeys;
import dev.pifleet.device.fleet.AgentReport;
import dev.pifleet.device.fleet.CommandResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device calls of the ingest API (and, through {@link #postWithoutKey}, the registry's pairing calls).
 * java.net.http rather than a REST client: the agent needs the raw status and Retry-After of every answer, with a
 * different key per call, and no exception-driven control flow.
 */
public final class CloudClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI baseUrl;
    private final HttpClient http;

    public CloudClient(URI baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public CloudReply heartbeat(String apiKey, AgentReport report) throws IOException {
        return post("/api/device/heartbeat", apiKey, report);
    }

    /**
     * The command channel's long-poll: held open by the ingest up to {@code waitSeconds}, so the request may take that
     * long plus the usual timeout.
     */
    public CloudReply pollCommands(String apiKey, int waitSeconds, long configVersion) throws IOException {
        HttpRequest request = authorized(HttpRequest.newBuilder(resolve("/api/device/commands?waitSeconds=" + waitSeconds
                + "&configVersion=" + configVersion)), apiKey)
                .timeout(REQUEST_TIMEOUT.plusSeconds(waitSeconds))
                .header("Accept", "application/json")
                .GET().build();
        return send(request, "/api/device/commands");
    }

    public CloudReply commandResult(String apiKey, String commandId, CommandResult result) throws IOException {
        return post("/api/device/commands/" + URLEncoder.encode(commandId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/result", apiKey, result);
    }

    public CloudReply upload(String apiKey, List<Reading> readings) throws IOException {
        return post("/api/device/data", apiKey, Map.of("readings", readings));
    }

    /** A call without a device key (the registry's agent-signed pairing calls carry their proof in the body). */
    public CloudReply postWithoutKey(String path, Object body) throws IOException {
        return post(path, null, body);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    private CloudReply post(String path, String apiKey, Object body) throws IOException {
        HttpRequest request = authorized(HttpRequest.newBuilder(resolve(path)), apiKey)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(AgentJson.MAPPER.writeValueAsBytes(body)))
                .build();
        return send(request, path);
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder builder, String apiKey) {
        return apiKey == null ? builder : builder.header("Authorization", ApiKeys.AUTHORIZATION_SCHEME + apiKey);
    }

    private CloudReply send(HttpRequest request, String path) throws IOException {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new CloudReply(response.statusCode(), parse(response.body()),
                    response.headers().firstValue("Retry-After").flatMap(CloudClient::retryAfter));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + path, e);
        }
    }

    private URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : AgentJson.MAPPER.readTree(body);
            return node == null ? AgentJson.MAPPER.createObjectNode() : node;
        } catch (IOException notJson) {
            return AgentJson.MAPPER.createObjectNode();
        }
    }

    /** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
    static Optional<Duration> retryAfter(String value) {
        String text = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
