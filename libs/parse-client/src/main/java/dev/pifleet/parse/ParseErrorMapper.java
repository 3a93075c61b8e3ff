package dev.pifleet.parse;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns Parse's error answers into {@link ParseException}s, and its 5xx into {@link ParseUnavailableException}. */
public class ParseErrorMapper implements ResponseExceptionMapper<RuntimeException> {

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        JsonNode body = readBody(response);
        int code = body.path("code").asInt(0);
        String message = body.path("error").asText("HTTP " + status);
        if (status >= 500) {
            return new ParseUnavailableException("Parse Server failed: HTTP " + status + " code " + code + ": " + message,
                    status, null);
        }
        if (code == 0) {
            // Not a Parse error body: e.g. 403 {"error":"unauthorized"} for a master key from outside masterKeyIps.
            return new ParseException(0, "HTTP " + status + ": " + message);
        }
        return ParseException.of(code, message);
    }

    private static JsonNode readBody(Response response) {
        try {
            response.bufferEntity();
            JsonNode body = response.readEntity(JsonNode.class);
            return body == null ? ParseJson.NODES.objectNode() : body;
        } catch (RuntimeException notJson) {
            return ParseJson.NODES.objectNode();
        }
    }
}
