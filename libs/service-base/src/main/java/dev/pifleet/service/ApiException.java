package dev.pifleet.service;

import java.time.Duration;
import java.util.List;

/**
 * A failure the client should see as the contract's error JSON:
 * {@code {"success": false, "error": code, "message": message, "details": [...]}}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;
    private final List<FieldError> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null, List.of());
    }

    public ApiException(int status, String code, String message, Duration retryAfter, List<FieldError> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
        this.details = List.copyOf(details);
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "invalid_input", message, null, List.of(new FieldError(field, message)));
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(403, code, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        return new ApiException(429, "rate_limited", message, retryAfter, List.of());
    }

    public static ApiException unavailable(String message, Duration retryAfter) {
        return new ApiException(503, "backend_unavailable", message, retryAfter, List.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** How long the client should wait before retrying, for 429 and 503; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public List<FieldError> details() {
        return details;
    }
}
