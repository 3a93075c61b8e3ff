package dev.pifleet.abuse;

import java.util.ArrayList;
import java.util.List;

/** The hostile values, by group. Raw JSON text, so that {@code 1e400} and {@code 2^64} reach the server as written. */
final class Corpus {

    /** A group of hostile JSON values for one kind of field. */
    enum Group {
        /** Every non-string JSON type, Parse operators and special objects, huge numbers, deep nesting. */
        NOT_A_STRING,
        /** The same for a number field: strings, objects, operators, and numbers out of range. */
        NOT_A_NUMBER,
        /** Strings no identifier or name may be: empty, blank, control and format characters, too long. */
        BAD_TEXT,
        /** Strings that look like attacks but are only text: operators, traversal, SQL, emoji. */
        ODD_TEXT,
        /** Dates that are not ISO-8601 instants or are out of range. */
        BAD_TIMESTAMP,
        /** Values of {@code sensors} that the ingest must refuse. */
        BAD_SENSORS,
        /** Values of {@code sensors} that may be stored but must never crash the ingest. */
        ODD_SENSORS,
        /** Values of {@code readings} that the ingest must refuse, wholly. */
        BAD_READINGS
    }

    /** One labelled JSON value. */
    record Value(String label, String json) {
    }

    static final String HUGE_NUMBER = "1e400";
    static final String TWO_TO_THE_64 = "18446744073709551616";

    private Corpus() {
    }

    static List<Value> values(Group group) {
        return switch (group) {
            case NOT_A_STRING -> concat(nonStrings(), List.of(
                    v("integer", "12345"), v("float", "21.5"), v("1e400", HUGE_NUMBER), v("-1e400", "-" + HUGE_NUMBER),
                    v("2^64", TWO_TO_THE_64), v("-(2^63)-1", "-9223372036854775809")));
            case NOT_A_NUMBER -> concat(nonStrings(), List.of(
                    v("numeric string", "\"12\""), v("text", "\"twelve\""), v("1e400", HUGE_NUMBER),
                    v("-1e400", "-" + HUGE_NUMBER), v("2^64", TWO_TO_THE_64), v("-(2^63)-1", "-9223372036854775809"),
                    v("negative", "-1")));
            case BAD_TEXT -> List.of(
                    v("empty string", "\"\""), v("blank", "\"   \""), v("escaped NUL", "\"a\\u0000b\""),
                    v("NUL only", "\"\\u0000\""), v("bell and escape", "\"a\\u0007\\u001b[31mb\""),
                    v("CRLF header injection", "\"a\\r\\nSet-Cookie: x=y\""), v("lone surrogate", "\"\\ud800\""),
                    v("right-to-left override", "\"\\u202eevil\""), v("zero-width space only", "\"\\u200b\""),
                    v("300 chars", string(300)), v("20,000 chars", string(20_000)));
            case ODD_TEXT -> List.of(
                    v("operator as text", "\"{\\\"$ne\\\":null}\""), v("$where as text", "\"$where\""),
                    v("path traversal", "\"../../../etc/passwd\""), v("SQL", "\"x'; DROP TABLE \\\"Device\\\"; --\""),
                    v("__proto__ as text", "\"__proto__\""), v("emoji", "\"\uD83D\uDCA5\uD83D\uDD25\""),
                    v("unicode letters", "\"\u00fcn\u00efc\u00f8d\u00e9 \u0434\u0430\""));
            case BAD_TIMESTAMP -> List.of(
                    v("garbage", "\"garbage\""), v("month 13", "\"2026-13-45T99:99:99Z\""),
                    v("year 99999", "\"+99999-01-01T00:00:00Z\""), v("year -999999999", "\"-999999999-01-01T00:00:00Z\""),
                    v("1970", "\"1970-01-01T00:00:00Z\""), v("year 9999", "\"9999-12-31T23:59:59Z\""),
                    v("number as text", "\"1764238130000\""), v("1e400 as text", "\"1e400\""));
            case BAD_SENSORS -> List.of(
                    v("null", "null"), v("true", "true"), v("number", "12345"), v("1e400", HUGE_NUMBER), v("text", "\"t\""),
                    v("array", "[1,2]"), v("empty object", "{}"), v("name $ne", "{\"$ne\":1}"),
                    v("name $where", "{\"$where\":\"return true\"}"), v("name $regex", "{\"$regex\":1}"),
                    v("name __proto__", "{\"__proto__\":1}"), v("name constructor", "{\"constructor\":1}"),
                    v("name __type", "{\"__type\":\"Date\",\"iso\":\"2026-11-27T00:00:00Z\"}"),
                    v("name __op", "{\"__op\":\"Delete\"}"), v("empty name", "{\"\":1}"), v("65-char name", "{" + string(65) + ":1}"),
                    v("33 sensors", thirtyThreeSensors()), v("value null", "{\"t\":null}"), v("value array", "{\"t\":[1]}"),
                    v("value object", "{\"t\":{}}"), v("value $ne", "{\"t\":{\"$ne\":1}}"),
                    v("value Pointer", "{\"t\":{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\"x\"}}"),
                    v("value 1e400", "{\"t\":" + HUGE_NUMBER + "}"), v("value -1e400", "{\"t\":-" + HUGE_NUMBER + "}"),
                    v("value 129 chars", "{\"t\":" + string(129) + "}"), v("value nested 10,000 levels", "{\"t\":" + nestedObjects(10_000) + "}"));
            case ODD_SENSORS -> List.of(
                    v("name ACL", "{\"ACL\":1}"), v("name _rperm", "{\"_rperm\":1}"), v("name _wperm", "{\"_wperm\":1}"),
                    v("name objectId", "{\"objectId\":1}"), v("name className", "{\"className\":1}"),
                    v("name createdAt", "{\"createdAt\":1}"), v("dotted name", "{\"a.b.c\":1}"),
                    v("value 2^64", "{\"t\":" + TWO_TO_THE_64 + "}"), v("value 1e-400", "{\"t\":1e-400}"),
                    v("value escaped NUL", "{\"t\":\"a\\u0000b\"}"), v("value lone surrogate", "{\"t\":\"\\ud800\"}"),
                    v("value operator text", "{\"t\":\"{\\\"$ne\\\":null}\"}"));
            case BAD_READINGS -> List.of(
                    v("null", "null"), v("object", "{\"sensors\":{\"t\":1}}"), v("text", "\"x\""), v("empty array", "[]"),
                    v("[null]", "[null]"), v("[text]", "[\"x\"]"), v("[[]]", "[[]]"), v("[number]", "[1]"), v("[{}]", "[{}]"),
                    v("sensor name $ne", "[{\"sensors\":{\"$ne\":1}}]"),
                    v("id $ne", "[{\"id\":{\"$ne\":null},\"sensors\":{\"t\":1}}]"),
                    v("timestamp garbage", "[{\"timestamp\":\"garbage\",\"sensors\":{\"t\":1}}]"),
                    v("one good one bad", "[{\"sensors\":{\"t\":1}},{\"sensors\":{\"$where\":1}}]"),
                    v("501 readings", fiveHundredOneReadings()), v("nested 10,000 levels", nestedArrays(10_000)));
        };
    }

    /** Values of every JSON type but string and number: null, booleans, objects, arrays, Parse's special objects. */
    private static List<Value> nonStrings() {
        return List.of(
                v("null", "null"), v("true", "true"), v("empty object", "{}"), v("array", "[\"a\",\"b\"]"),
                v("empty array", "[]"), v("$ne", "{\"$ne\":null}"), v("$regex", "{\"$regex\":\".*\"}"),
                v("$where", "{\"$where\":\"return true\"}"), v("$gt", "{\"$gt\":\"\"}"), v("$in", "{\"$in\":[\"a\"]}"),
                v("$exists", "{\"$exists\":true}"),
                v("__type Pointer", "{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\"abc\"}"),
                v("__type Date", "{\"__type\":\"Date\",\"iso\":\"2026-11-27T00:00:00Z\"}"),
                v("__op Delete", "{\"__op\":\"Delete\"}"), v("__op Increment", "{\"__op\":\"Increment\",\"amount\":1}"),
                v("ACL", "{\"ACL\":{\"*\":{\"read\":true,\"write\":true}}}"), v("_rperm", "{\"_rperm\":[\"*\"]}"),
                v("_wperm", "{\"_wperm\":[\"*\"]}"), v("objectId and className", "{\"objectId\":\"x\",\"className\":\"_User\"}"),
                v("__proto__", "{\"__proto__\":{\"admin\":true}}"), v("constructor", "{\"constructor\":{\"prototype\":{\"admin\":true}}}"),
                v("nested 10,000 levels", nestedObjects(10_000)));
    }

    /** Top-level keys that mean something to Parse or to JavaScript, sent instead of the endpoint's fields. */
    static List<Value> reservedTopLevelBodies() {
        return List.of(
                v("ACL", "{\"ACL\":{\"*\":{\"read\":true,\"write\":true}}}"), v("_rperm and _wperm", "{\"_rperm\":[\"*\"],\"_wperm\":[\"*\"]}"),
                v("objectId and className", "{\"objectId\":\"abc\",\"className\":\"_User\"}"),
                v("__proto__", "{\"__proto__\":{\"admin\":true}}"), v("constructor", "{\"constructor\":{\"prototype\":{\"admin\":true}}}"),
                v("__type", "{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\"abc\"}"),
                v("__op", "{\"__op\":\"Delete\"}"), v("$where", "{\"$where\":\"return true\"}"));
    }

    static String string(int length) {
        return "\"" + "x".repeat(length) + "\"";
    }

    static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String thirtyThreeSensors() {
        StringBuilder sensors = new StringBuilder("{");
        for (int i = 0; i < 33; i++) {
            sensors.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":1");
        }
        return sensors.append('}').toString();
    }

    private static String fiveHundredOneReadings() {
        return "[" + String.join(",", java.util.Collections.nCopies(501, "{\"sensors\":{\"t\":1}}")) + "]";
    }

    private static Value v(String label, String json) {
        return new Value(label, json);
    }

    private static List<Value> concat(List<Value> first, List<Value> second) {
        List<Value> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
