package dev.pifleet.parse;

/**
 * A Parse Server error with its Parse code. Subclasses name the codes callers act on;
 * any other code arrives as this class.
 */
public class ParseException extends RuntimeException {

    /** Parse's code for a failure inside Parse or its database. */
    public static final int INTERNAL_SERVER_ERROR = 1;
    public static final int OBJECT_NOT_FOUND = 101;
    public static final int OPERATION_FORBIDDEN = 119;
    public static final int DUPLICATE_VALUE = 137;
    public static final int INVALID_SESSION_TOKEN = 209;

    private final int code;

    public ParseException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exception for a Parse error body {@code {code, error}}. */
    public static ParseException of(int code, String message) {
        return switch (code) {
            case OBJECT_NOT_FOUND -> new ObjectNotFoundException(message);
            case OPERATION_FORBIDDEN -> new PermissionDeniedException(message);
            case DUPLICATE_VALUE -> new DuplicateValueException(message);
            case INVALID_SESSION_TOKEN -> new InvalidSessionException(message);
            default -> new ParseException(code, message);
        };
    }

    /**
     * A batch item that failed inside Parse or its database (code 1, or no Parse code at all: PostgreSQL unreachable
     * while Parse itself answers): the store is unavailable, not the request wrong, so it is answered 503.
     */
    public static final class BackendFailureException extends ParseException {
        public BackendFailureException(String message) {
            super(INTERNAL_SERVER_ERROR, message);
        }
    }

    /** Code 101: no such object, or the caller may not see it (Parse does not tell which). */
    public static final class ObjectNotFoundException extends ParseException {
        public ObjectNotFoundException(String message) {
            super(OBJECT_NOT_FOUND, message);
        }
    }

    /** Code 119: a class-level permission refused the operation. */
    public static final class PermissionDeniedException extends ParseException {
        public PermissionDeniedException(String message) {
            super(OPERATION_FORBIDDEN, message);
        }
    }

    /** Code 137: a unique index refused the write. */
    public static final class DuplicateValueException extends ParseException {
        public DuplicateValueException(String message) {
            super(DUPLICATE_VALUE, message);
        }
    }

    /** Code 209: the session token is unknown, expired or logged out. */
    public static final class InvalidSessionException extends ParseException {
        public InvalidSessionException(String message) {
            super(INVALID_SESSION_TOKEN, message);
        }
    }
}
