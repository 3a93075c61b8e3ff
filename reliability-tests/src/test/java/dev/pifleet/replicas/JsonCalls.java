package dev.pifleet.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The replica tests' JSON calls to the services they start. */
final class JsonCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Result(int status, String text, JsonNode body) {
    }

    private JsonCalls() {
    }

    /** A JSON call; {@code header} is "name value" or null. */
    static Result send(String base, String method, String path, String header, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (header != null) {
                String[] parts = header.split(" ", 2);
                request.header(parts[0], parts[1]);
            }
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Result(answer.statusCode(), answer.body(),
                    answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON call that must succeed (2xx). */
    static Result succeed(String base, String method, String path, String header, Object body) {
        Result answer = send(base, method, path, header, body);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.text()).isBetween(200, 299);
        return answer;
    }
}
