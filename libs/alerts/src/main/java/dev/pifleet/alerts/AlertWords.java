package dev.pifleet.alerts;

import java.math.BigDecimal;

/** Numbers and durations as mails and webhooks show them. */
final class AlertWords {

    private AlertWords() {
    }

    static String number(Double value) {
        if (value == null) {
            return "";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String duration(long seconds) {
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
