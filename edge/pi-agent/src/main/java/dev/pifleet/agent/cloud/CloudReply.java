package dev.pifleet.agent.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.agent.AgentJson;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** What the cloud answered: status, JSON body (empty object if none) and any Retry-After. */
public record CloudReply(int status, JsonNode body, Optional<Duration> retryAfter) {

    public boolean ok() {
        return status == 200;
    }

    /** 401 (and 403): the key is unknown or revoked. */
    public boolean keyRefused() {
        return status == 401 || status == 403;
    }

    /** Worth sending again later: throttled or the backend is having a bad moment. */
    public boolean retryable() {
        return status == 429 || status == 408 || status >= 500;
    }

    /** The body as the given record, or empty when it does not have that shape. */
    public <T> Optional<T> as(Class<T> type) {
        try {
            return Optional.ofNullable(AgentJson.LENIENT.treeToValue(body, type));
        } catch (IOException | IllegalArgumentException notThatShape) {
            return Optional.empty();
        }
    }

    /** A short text for /status and the log, e.g. {@code 503 backend_unavailable}. */
    public String summary() {
        String code = body.path("error").asText("");
        return code.isEmpty() ? String.valueOf(status) : status + " " + code;
    }
}
