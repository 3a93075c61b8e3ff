package dev.pifleet.device.release;

import java.util.regex.Pattern;

/**
 * Agent versions are Debian package versions (the .deb's {@code Version:}), without an epoch: a digit first, then
 * letters, digits and {@code . + ~ -}, at most 64 characters. No {@code |} (the signed text's separator), no
 * {@code _} or {@code /} (the file name {@code pifleet-agent_<version>_all.deb}). Ordered as dpkg orders them, so
 * "is this a downgrade" means on the Pi what it means in the cloud.
 */
public final class ReleaseVersions {

    public static final String PATTERN = "^[0-9][A-Za-z0-9.+~-]{0,63}$";
    public static final String RULE = "must be a Debian version: a digit, then letters, digits and . + ~ - (at most 64)";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    private ReleaseVersions() {
    }

    public static boolean valid(String version) {
        return version != null && VALID.matcher(version).matches();
    }

    /** dpkg's order (deb-version(7)): upstream part, then the revision after the last '-'. */
    public static int compare(String a, String b) {
        int dash1 = a.lastIndexOf('-');
        int dash2 = b.lastIndexOf('-');
        String upstream1 = dash1 < 0 ? a : a.substring(0, dash1);
        String upstream2 = dash2 < 0 ? b : b.substring(0, dash2);
        int upstream = compareParts(upstream1, upstream2);
        if (upstream != 0) {
            return upstream;
        }
        return compareParts(dash1 < 0 ? "0" : a.substring(dash1 + 1), dash2 < 0 ? "0" : b.substring(dash2 + 1));
    }

    /** Alternating non-digit and digit runs; '~' sorts before everything, even the end of the string. */
    private static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ca = i < a.length() && !Character.isDigit(a.charAt(i)) ? order(a.charAt(i)) : 0;
                int cb = j < b.length() && !Character.isDigit(b.charAt(j)) ? order(b.charAt(j)) : 0;
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                if (i < a.length() && !Character.isDigit(a.charAt(i))) {
                    i++;
                }
                if (j < b.length() && !Character.isDigit(b.charAt(j))) {
                    j++;
                }
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int firstDiff = 0;
            while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = Integer.compare(a.charAt(i), b.charAt(j));
                }
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Character.isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }

    private static int order(char c) {
        if (c == '~') {
            return -1;
        }
        return Character.isLetter(c) ? c : c + 256;
    }
}
