package dev.pifleet.parse;

import java.util.regex.Pattern;

/** Class and field names go into URLs and query keys, so only plain identifiers are accepted. */
final class ParseNames {

    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,63}$");

    private ParseNames() {
    }

    static String requireClassName(String className) {
        return require(className, "class");
    }

    static String requireFieldName(String field) {
        return require(field, "field");
    }

    private static String require(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid Parse " + what + " name: " + name);
        }
        return name;
    }
}
