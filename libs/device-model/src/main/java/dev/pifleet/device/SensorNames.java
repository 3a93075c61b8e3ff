package dev.pifleet.device;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a sensor name may be. It becomes a key of a stored JSON object, so Parse's rules for keys apply (the
 * store maps the '.' the contract allows; see {@code dev.pifleet.sensorlog.SensorKeys}).
 *
 * <p>Parse Server 9 refuses some keys anywhere in a request, and a stored reading must never meet that
 * refusal (it would fail one reading of a batch whose others are stored). Its default
 * {@code requestKeywordDenylist} matches keys as unanchored, case-sensitive regular expressions:
 * {@code constructor}, {@code __proto__}, and {@code _bsontype} with a value matching {@code Code}. Nested keys
 * equal to {@code __type} or {@code __op} are read as special types and operations ({@code __op} even answers 500),
 * and keys containing {@code $} are refused (code 121). The name pattern excludes {@code $}; the rest is refused
 * here, with the whole {@code __} prefix reserved.
 */
public final class SensorNames {

    public static final int MAX_LENGTH = 64;

    private static final Pattern ALLOWED = Pattern.compile("^[A-Za-z0-9_.-]{1," + MAX_LENGTH + "}$");
    private static final String RESERVED_PREFIX = "__";
    /** Parse Server's default requestKeywordDenylist keys; {@code _bsontype} is refused whatever its value. */
    private static final List<String> DENIED_PARTS = List.of("constructor", "__proto__", "_bsontype");

    private SensorNames() {
    }

    /** Why Parse could not store this sensor name, or empty when it can. */
    public static Optional<String> problem(String sensorName) {
        if (sensorName == null || !ALLOWED.matcher(sensorName).matches()) {
            return Optional.of("sensor names are 1-" + MAX_LENGTH + " of A-Z a-z 0-9 _ . -");
        }
        Optional<String> denied = DENIED_PARTS.stream().filter(sensorName::contains).findFirst()
                .map(part -> "sensor names must not contain " + part + " (Parse Server refuses it)");
        if (denied.isEmpty() && sensorName.startsWith(RESERVED_PREFIX)) {
            return Optional.of("sensor names must not start with __ (reserved by Parse Server, e.g. __type, __op)");
        }
        return denied;
    }
}
