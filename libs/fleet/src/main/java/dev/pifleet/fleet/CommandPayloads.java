package dev.pifleet.fleet;

import dev.pifleet.service.ApiException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A command's {@code args} and a device's {@code result} are free JSON objects stored in Parse: their keys must be
 * plain names (Parse refuses '$' and '.' in nested keys, and '__' prefixes mean something to it), their nesting and
 * size bounded. Checked here so a bad one is the client's 400, never Parse's error.
 */
public final class CommandPayloads {

    public static final int MAX_DEPTH = 4;
    public static final int MAX_ENTRIES = 200;
    public static final int MAX_TEXT = 1000;
    private static final Pattern KEY = Pattern.compile("^(?!__)[A-Za-z0-9_-][A-Za-z0-9_ -]{0,63}$");

    private CommandPayloads() {
    }

    /** Throws the contract's 400 naming {@code field} unless the object is storable. */
    public static void requireStorable(String field, Map<String, Object> object) {
        if (object != null) {
            int[] entries = {0};
            check(field, object, 1, entries);
        }
    }

    private static void check(String field, Object value, int depth, int[] entries) {
        if (++entries[0] > MAX_ENTRIES) {
            throw ApiException.badRequest(field, "at most " + MAX_ENTRIES + " values");
        }
        switch (value) {
            case null -> {
            }
            case String text when text.length() <= MAX_TEXT -> {
            }
            case String text -> throw ApiException.badRequest(field, "a text is at most " + MAX_TEXT + " characters");
            case Number number when number instanceof Double d && (d.isNaN() || d.isInfinite()) ->
                    throw ApiException.badRequest(field, "numbers must be finite");
            case Number number -> {
            }
            case Boolean flag -> {
            }
            case Map<?, ?> map -> {
                if (depth > MAX_DEPTH) {
                    throw ApiException.badRequest(field, "nested at most " + MAX_DEPTH + " deep");
                }
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key) || !KEY.matcher(key).matches()) {
                        throw ApiException.badRequest(field, "keys are 1-64 of letters, digits, space, _ and -");
                    }
                    check(field, entry.getValue(), depth + 1, entries);
                }
            }
            case List<?> list -> {
                if (depth > MAX_DEPTH) {
                    throw ApiException.badRequest(field, "nested at most " + MAX_DEPTH + " deep");
                }
                for (Object item : list) {
                    check(field, item, depth + 1, entries);
                }
            }
            default -> throw ApiException.badRequest(field, "not a JSON value");
        }
    }
}
