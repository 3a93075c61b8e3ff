package dev.pifleet.ingest.export;

import java.util.List;

/**
 * RFC 4180 text: fields with a comma, quote, CR or LF are quoted and their quotes doubled; records end with CRLF.
 * A string value that a spreadsheet would run as a formula (it starts with = + - @, or a tab or CR, which some
 * spreadsheets skip before a formula) gets a leading apostrophe, so that it is shown as text (OWASP "CSV injection").
 * Numbers and booleans are written as they are: a negative number is not a formula.
 */
public final class Csv {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private Csv() {
    }

    public static String record(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quoted(fields.get(i)));
        }
        return line.append("\r\n").toString();
    }

    /** A stored value as a cell: empty for none, text neutralised, numbers and booleans as JSON writes them. */
    public static String cell(Object value) {
        return switch (value) {
            case null -> "";
            case String text -> !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
            default -> String.valueOf(value);
        };
    }

    static String quoted(String field) {
        boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\r') >= 0
                || field.indexOf('\n') >= 0;
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
