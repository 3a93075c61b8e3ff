package dev.pifleet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Direct HTTP calls for arranging a test (a second user, a claimed device) and cleaning up; the browser does the rest. */
final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode body) {
    }

    private Api() {
    }

    /** Signs up a user and returns the session token. */
    static String signUp(String gatewayUrl, String email, String password) {
        Answer answer = call("POST", gatewayUrl + "/api/auth/signup", null, Map.of("email", email, "password", password));
        if (answer.status() != 201) {
            throw new IllegalStateException("signup answered " + answer);
        }
        return answer.body().get("sessionToken").asText();
    }

    static String piDeviceId(String piUrl) {
        Answer answer = call("GET", piUrl + "/device-id", null, null);
        if (answer.status() != 200 || !answer.body().hasNonNull("deviceId")) {
            throw new IllegalStateException("the pi-agent's GET /device-id answered " + answer);
        }
        return answer.body().get("deviceId").asText();
    }

    /** The claim code the Pi shows, once it shows one (null while it is paired or still asking the cloud). */
    static String piClaimCode(String piUrl) {
        Answer answer = call("GET", piUrl + "/device-id", null, null);
        return answer.status() == 200 && answer.body().hasNonNull("claimCode") ? answer.body().get("claimCode").asText() : null;
    }

    static Answer call(String method, String url, String sessionToken, Object body) {
        return send(method, url, sessionToken == null ? Map.of() : Map.of("x-session-token", sessionToken), body);
    }

    /** A call with one header of the test's choice (the operator credential, a device key). */
    static Answer withHeader(String method, String url, String header, String value, Object body) {
        return send(method, url, Map.of(header, value), body);
    }

    /** A device's upload: readings as the pi-agent sends them, with its key. */
    static Answer sendReadings(String ingestUrl, String apiKey, List<Map<String, Object>> readings) {
        return send("POST", ingestUrl + "/api/device/data", Map.of("authorization", "Device " + apiKey),
                Map.of("readings", readings));
    }

    /** A GET whose answer is not JSON (the CSV export): its status, headers and text. */
    static HttpResponse<String> getText(String url, String sessionToken) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("x-session-token", sessionToken).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer send(String method, String url, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("content-type", "application/json");
            }
            headers.forEach(request::header);
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
