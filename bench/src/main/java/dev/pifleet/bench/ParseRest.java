package dev.pifleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.parse.BatchOperation;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Parse Server's REST API with the master key, as the benchmark's baselines call it directly
 * (the services go through libs/parse-client; the load generator deliberately stays a plain HTTP client).
 */
public final class ParseRest {

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpJson http;
    private final String url;
    private final String mountPath;
    private final String appId;
    private final String masterKey;

    public ParseRest(HttpJson http, String url, String appId, String masterKey) {
        this.http = http;
        this.url = url;
        this.mountPath = URI.create(url).getPath();
        this.appId = appId;
        this.masterKey = masterKey;
    }

    public Future<JsonNode> post(String path, JsonNode body) {
        return send(HttpMethod.POST, path, HttpJson.write(body));
    }

    Future<JsonNode> put(String path, JsonNode body) {
        return send(HttpMethod.PUT, path, HttpJson.write(body));
    }

    /** {@code GET /classes/<className>} with a JSON {@code where} and further raw query parameters. */
    public Future<JsonNode> find(String className, JsonNode where, String extraQuery) {
        String query = "where=" + URLEncoder.encode(HttpJson.write(where), StandardCharsets.UTF_8)
                + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
        return send(HttpMethod.GET, "/classes/" + className + "?" + query, null);
    }

    /** {@code POST /batch}; completes with the per-item results. */
    Future<ArrayNode> batch(List<ObjectNode> operations) {
        ObjectNode body = NODES.objectNode();
        body.putArray("requests").addAll(operations);
        return post("/batch", body).map(ArrayNode.class::cast);
    }

    ObjectNode createOperation(String className, ObjectNode fields) {
        ObjectNode operation = NODES.objectNode();
        operation.put("method", "POST");
        operation.put("path", mountPath + "/classes/" + className);
        operation.set("body", fields);
        return operation;
    }

    ObjectNode createOperation(BatchOperation create) {
        ObjectNode operation = NODES.objectNode();
        operation.put("method", create.method());
        operation.put("path", mountPath + create.path());
        operation.set("body", create.body());
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

    private Future<JsonNode> send(HttpMethod method, String path, String body) {
        return http.send(method, url + path, body, "X-Parse-Application-Id", appId, "X-Parse-Master-Key", masterKey);
    }
}
