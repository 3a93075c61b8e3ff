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
        BAD_READINGS,
        /**
         * Webhook targets that must be refused, naming the field: loopback, private, metadata and reserved addresses
         * in decimal, hex and octal and in every IPv6 form that embeds an IPv4 address, names that do not resolve,
         * user-info and fragment tricks, other schemes.
         */
        HOSTILE_URL,
        /** Public webhook targets, which must be accepted: the control that the base body is valid. */
        PUBLIC_URL
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
            case HOSTILE_URL -> hostileUrls();
            case PUBLIC_URL -> List.of(url("IPv4 literal", "https://8.8.8.8/hook"),
                    url("IPv6 literal", "https://[2606:4700:4700::1111]/hook"),
                    url("NAT64 of a public address", "https://[64:ff9b::808:808]/hook"));
        };
    }

    /** The outside review's URLs and the forms it found open (docs/alerts.md, "SSRF"). */
    private static List<Value> hostileUrls() {
        return List.of(
                // loopback, every notation
                url("loopback", "http://127.0.0.1/hook"), url("loopback short", "http://127.1/"),
                url("loopback decimal", "http://2130706433/"), url("loopback hex", "http://0x7f000001/"),
                url("loopback octal", "http://017700000001/"), url("loopback dotted octal", "http://0177.0.0.1/"),
                url("loopback dotted hex", "http://0x7f.0.0.1/"), url("loopback 127.255.255.254", "http://127.255.255.254/"),
                url("localhost", "http://localhost:8083/api/alerts"), url("localhost with dot", "http://localhost./"),
                url("LOCALHOST upper case", "HTTP://LOCALHOST/"), url("this host 0.0.0.0", "http://0.0.0.0/"),
                url("this host 0", "http://0/"), url("IPv6 unspecified", "http://[::]/"), url("IPv6 loopback", "http://[::1]/"),
                url("IPv6 loopback long", "http://[0:0:0:0:0:0:0:1]/"),
                // private and shared
                url("10/8", "http://10.0.0.1/"), url("172.16/12", "http://172.16.0.1/"), url("192.168/16", "http://192.168.0.1/"),
                url("CGNAT 100.64/10", "http://100.64.0.1/"), url("unique local fc00::/7", "http://[fd12:3456::1]/"),
                url("link-local fe80::/10", "http://[fe80::1]/"), url("link-local with zone", "http://[fe80::1%25eth0]/"),
                url("site-local fec0::/10", "http://[fec0::1]/"),
                // metadata services
                url("metadata", "http://169.254.169.254/latest/meta-data/"), url("metadata decimal", "http://2852039166/"),
                url("metadata hex", "http://0xa9fea9fe/"), url("metadata ECS", "http://169.254.170.2/v2/credentials"),
                url("metadata IPv6 EC2", "http://[fd00:ec2::254]/"), url("metadata 192.0.0.192", "http://192.0.0.192/"),
                url("metadata Alibaba 100.100.100.200", "http://100.100.100.200/"),
                url("metadata GCE name", "http://metadata.google.internal/computeMetadata/v1/"),
                // IPv4 inside IPv6
                url("mapped loopback", "http://[::ffff:127.0.0.1]/"), url("mapped metadata hex", "http://[::ffff:a9fe:a9fe]/"),
                url("compatible loopback", "http://[::127.0.0.1]/"), url("translated loopback", "http://[::ffff:0:7f00:1]/"),
                url("NAT64 loopback", "http://[64:ff9b::7f00:1]/"), url("NAT64 metadata", "http://[64:ff9b::a9fe:a9fe]/"),
                url("NAT64 local-use metadata", "http://[64:ff9b:1:a9fe:a9:fe00::]/"),
                url("6to4 loopback", "http://[2002:7f00:1::]/"), url("6to4 metadata", "http://[2002:a9fe:a9fe::]/"),
                url("Teredo loopback client", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/"),
                // reserved and special-purpose
                url("benchmarking 198.18/15", "http://198.18.0.1/"), url("benchmarking end", "http://198.19.255.254/"),
                url("TEST-NET-1", "http://192.0.2.1/"), url("TEST-NET-2", "http://198.51.100.1/"),
                url("TEST-NET-3", "http://203.0.113.1/"), url("IETF 192.0.0.0/24", "http://192.0.0.8/"),
                url("6to4 relay anycast", "http://192.88.99.1/"), url("reserved 240/4", "http://240.0.0.1/"),
                url("broadcast", "http://255.255.255.255/"), url("multicast", "http://224.0.0.1/"),
                url("IPv6 multicast", "http://[ff02::1]/"), url("discard-only 100::/64", "http://[100::1]/"),
                url("IPv6 documentation", "http://[2001:db8::1]/"), url("IPv6 documentation 3fff::/20", "http://[3fff::1]/"),
                url("IPv6 benchmarking", "http://[2001:2::1]/"), url("SRv6 5f00::/16", "http://[5f00::1]/"),
                url("outside 2000::/3", "http://[4000::1]/"),
                // names that do not resolve: the same answer as an internal address
                url("name that does not resolve", "https://no-such-host.invalid/hook"),
                url("cluster-internal name", "http://parse-server.pifleet.svc.cluster.local:1337/parse"),
                // user-info, fragments, framing
                url("user-info", "http://user:pass@hooks.example.com/"), url("user-info to loopback", "http://hooks.example.com@127.0.0.1/"),
                url("fragment before @", "http://127.0.0.1#@hooks.example.com/"), url("fragment", "https://hooks.example.com/#x"),
                url("backslash before @", "http://127.0.0.1:80\\\\@hooks.example.com/"), url("no host", "http:///hook"),
                url("one slash", "http:/127.0.0.1/"), url("no scheme", "//127.0.0.1/hook"),
                url("CRLF in the path", "https://hooks.example.com/a\\r\\nX-Injected: 1"),
                url("space in the host", "https://hooks .example.com/"),
                url("2,100 chars", "https://hooks.example.com/" + "a".repeat(2_100)),
                // other schemes
                url("file", "file:///etc/passwd"), url("gopher", "gopher://127.0.0.1:25/_HELO"),
                url("ftp", "ftp://hooks.example.com/"), url("dict", "dict://127.0.0.1:11211/stats"),
                url("ldap", "ldap://127.0.0.1/"), url("javascript", "javascript:alert(1)"), url("data", "data:text/plain,hi"),
                url("jar", "jar:http://127.0.0.1/x.jar!/"), url("netdoc", "netdoc:///etc/passwd"));
    }

    /** A URL as a JSON string; {@code text} is already JSON-escaped where it needs to be. */
    private static Value url(String label, String text) {
        return v(label, "\"" + text + "\"");
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
