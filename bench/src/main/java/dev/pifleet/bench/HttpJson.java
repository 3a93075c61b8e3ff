package dev.pifleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * One HTTP/1.1 client for the whole load generator. Concurrency is bounded by the callers (a fixed number of
 * worker threads, each with one request in flight), so the client's connection pool never grows beyond that.
 */
final class HttpJson {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    /** Sends the request and returns the parsed JSON body of a 2xx answer; anything else is an {@link HttpFailure}. */
    JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request.timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new HttpFailure(response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    static HttpRequest.Builder post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A non-2xx answer. 4xx means the server refused the request, so nothing of it was stored. */
    static final class HttpFailure extends IOException {
        private final int status;

        HttpFailure(int status, String body) {
            super("HTTP " + status + ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
            this.status = status;
        }

        int status() {
            return status;
        }

        boolean refused() {
            return status >= 400 && status < 500;
        }
    }
}
