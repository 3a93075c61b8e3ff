package dev.pifleet.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Whether a service's OpenAPI document lists a path: how the suite tells a pending endpoint has arrived. */
final class OpenApi {

    private static final Map<Service, JsonNode> DOCUMENTS = new ConcurrentHashMap<>();

    private OpenApi() {
    }

    static boolean lists(AbuseStack stack, Endpoint endpoint) {
        JsonNode document = DOCUMENTS.computeIfAbsent(endpoint.service(),
                service -> stack.call(service, "GET", "/q/openapi?format=json", 200, null));
        return document.path("paths").has(endpoint.path());
    }
}
