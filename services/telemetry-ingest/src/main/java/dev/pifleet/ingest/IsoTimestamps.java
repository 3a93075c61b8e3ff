package dev.pifleet.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/** ISO-8601 date-times as devices and owners send them. */
public final class IsoTimestamps {

    private IsoTimestamps() {
    }

    /**
     * The instant of an ISO-8601 date-time with an offset or {@code Z}; one without a zone is taken as UTC,
     * because the seed sends Python's {@code datetime.utcnow().isoformat()}, which carries none.
     * Empty when the text is not such a date-time.
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return Optional.of(OffsetDateTime.from(parsed).toInstant());
            }
            return Optional.of(LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException notIso) {
            return Optional.empty();
        }
    }
}
