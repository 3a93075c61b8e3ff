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

    /** Years 1 to 9999, the four-digit ISO years: wider ones parse in Java but PostgreSQL cannot store or compare them. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private IsoTimestamps() {
    }

    /**
     * The instant of an ISO-8601 date-time with an offset or {@code Z}; one without a zone is taken as UTC,
     * because the seed sends Python's {@code datetime.utcnow().isoformat()}, which carries none.
     * Empty when the text is not such a date-time, or lies outside years 1 to 9999.
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
            Instant instant = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? OffsetDateTime.from(parsed).toInstant()
                    : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
            return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeException notIso) {
            return Optional.empty();
        }
    }
}
