package dev.pifleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The load generator's HTTP/1.1 client: Vert.x on a single event loop. A blocking client costs a thread
 * hand-off per request, which on two shared cores made the generator use as much CPU as the server it measures;
 * one event loop keeps it to a fraction of a core, and if it ever saturates its core the CPU table shows it.
 * Concurrency is bounded by the callers (each closed-loop worker has one request in flight).
 */
public final class HttpJson implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_CONNECTIONS_PER_SERVER = 256;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_1_1)
            .setKeepAlive(true)
            .setPipelining(false)
            .setConnectTimeout(5000)
            .setMaxPoolSize(MAX_CONNECTIONS_PER_SERVER));

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Sends a request and completes with the parsed JSON body of a 2xx answer, or fails with {@link HttpFailure}.
     *
     * @param headers name/value pairs
     */
    public Future<JsonNode> send(HttpMethod method, String absoluteUri, String body, String... headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(absoluteUri)
                .setIdleTimeout(REQUEST_TIMEOUT.toMillis());
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            options.putHeader(headers[i], headers[i + 1]);
        }
        return client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(buffer -> {
                    byte[] bytes = buffer.getBytes();
                    if (response.statusCode() / 100 != 2) {
                        throw new HttpFailure(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
                    }
                    return readTree(bytes);
                }));
    }

    /** Waits for a future from a non-Vert.x thread (set-up and checks, never the measured load). */
    public static <T> T await(Future<T> future) throws IOException, InterruptedException {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + REQUEST_TIMEOUT, e);
        }
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        vertx.close();
    }

    /** A non-2xx answer. 4xx means the server refused the request, so nothing of it was stored. */
    public static final class HttpFailure extends RuntimeException {
        private final int status;

        HttpFailure(int status, String body) {
            super("HTTP " + status + ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
            this.status = status;
        }

        public int status() {
            return status;
        }

        public boolean refused() {
            return status >= 400 && status < 500;
        }
    }
}
