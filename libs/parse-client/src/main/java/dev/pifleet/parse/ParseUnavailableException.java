package dev.pifleet.parse;

/**
 * Parse Server could not be reached or failed on its side (connection refused, timeout, HTTP 5xx).
 * Nothing is known to be stored; callers answer 503 and the client retries.
 */
public final class ParseUnavailableException extends RuntimeException {

    private final int httpStatus;

    public ParseUnavailableException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status Parse answered, or 0 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }
}
