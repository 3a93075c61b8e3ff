package dev.pifleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Parse Server's REST API with the master key, as the benchmark's baselines call it directly
 * (the services go through libs/parse-client; the load generator deliberately does not, to stay a plain client).
 */
final class ParseRest {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpJson http;
    private final String url;
    private final String appId;
    private final String masterKey;

    ParseRest(HttpJson http, String url, String appId, String masterKey) {
        this.http = http;
        this.url = url;
        this.appId = appId;
        this.masterKey = masterKey;
    }

    JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return http.send(withKeys(HttpJson.post(URI.create(url + path), HttpJson.write(body))));
    }

    JsonNode put(String path, JsonNode body) throws IOException, InterruptedException {
        return http.send(withKeys(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(HttpJson.write(body)))));
    }

    /** GET {@code path} with a JSON {@code where} and further raw query parameters. */
    JsonNode find(String className, JsonNode where, String extraQuery) throws IOException, InterruptedException {
        String query = "where=" + URLEncoder.encode(HttpJson.write(where), StandardCharsets.UTF_8)
                + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
        return http.send(withKeys(HttpRequest.newBuilder(URI.create(url + "/classes/" + className + "?" + query)).GET()));
    }

    /** {@code POST /batch}; returns the per-item results. */
    ArrayNode batch(List<ObjectNode> operations, boolean transaction) throws IOException, InterruptedException {
        ObjectNode body = NODES.objectNode();
        body.putArray("requests").addAll(operations);
        if (transaction) {
            body.put("transaction", true);
        }
        return (ArrayNode) post("/batch", body);
    }

    ObjectNode createOperation(String className, ObjectNode fields) {
        ObjectNode operation = NODES.objectNode();
        operation.put("method", "POST");
        operation.put("path", URI.create(url).getPath() + "/classes/" + className);
        operation.set("body", fields);
        return operation;
    }

    static ObjectNode pointer(String className, String objectId) {
        return NODES.objectNode().put("__type", "Pointer").put("className", className).put("objectId", objectId);
    }

    static ObjectNode date(Instant instant) {
        return NODES.objectNode().put("__type", "Date").put("iso", instant.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    static ObjectNode ownerAcl(String ownerId, boolean write) {
        ObjectNode acl = NODES.objectNode();
        ObjectNode owner = acl.putObject(ownerId).put("read", true);
        if (write) {
            owner.put("write", true);
        }
        return acl;
    }

    private HttpRequest.Builder withKeys(HttpRequest.Builder request) {
        return request.header("X-Parse-Application-Id", appId).header("X-Parse-Master-Key", masterKey);
    }
}
