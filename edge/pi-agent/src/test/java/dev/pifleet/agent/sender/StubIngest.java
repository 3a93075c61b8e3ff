package dev.pifleet.agent.sender;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.pifleet.agent.AgentJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback stand-in for the ingest that answers from a script, for what the real one cannot be made to do on cue. */
final class StubIngest implements AutoCloseable {

    record Answer(int status, String retryAfter, String body) {
        static Answer ok(int accepted) {
            return new Answer(200, null, "{\"success\":true,\"accepted\":" + accepted + ",\"duplicates\":0}");
        }

        static Answer status(int status) {
            return new Answer(status, null, "{\"success\":false,\"error\":\"e" + status + "\",\"message\":\"scripted\"}");
        }
    }

    record Request(String authorization, JsonNode body) {
        int readings() {
            return body.path("readings").size();
        }
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    StubIngest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/device/data", exchange -> {
            JsonNode body = AgentJson.MAPPER.readTree(exchange.getRequestBody());
            requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"), body));
            Answer answer;
            synchronized (script) {
                answer = script.isEmpty() ? Answer.ok(body.path("readings").size()) : script.poll();
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    StubIngest then(Answer answer) {
        synchronized (script) {
            script.add(answer);
        }
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
