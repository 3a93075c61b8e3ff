package dev.pifleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IsoTimestampsTest {

    @Test
    void offsetsAndZonelessTimesAreRead() {
        assertThat(IsoTimestamps.parse("2026-11-27T10:15:30Z")).contains(Instant.parse("2026-11-27T10:15:30Z"));
        assertThat(IsoTimestamps.parse("2026-11-27T11:15:30+01:00")).contains(Instant.parse("2026-11-27T10:15:30Z"));
        assertThat(IsoTimestamps.parse("2026-11-27T10:15:30.123456")).contains(Instant.parse("2026-11-27T10:15:30.123456Z"));
    }

    @Test
    void yearsOutsideOneToNineThousandNineHundredNinetyNineAreRefused() {
        assertThat(IsoTimestamps.parse("+99999-01-01T00:00:00Z")).isEmpty();
        assertThat(IsoTimestamps.parse("-999999999-01-01T00:00:00Z")).isEmpty();
        assertThat(IsoTimestamps.parse("0000-12-31T23:59:59Z")).isEmpty();
        assertThat(IsoTimestamps.parse("0001-01-01T00:00:00Z")).isPresent();
        assertThat(IsoTimestamps.parse("9999-12-31T23:59:59Z")).isPresent();
    }

    @Test
    void anythingElseIsNotATimestamp() {
        assertThat(IsoTimestamps.parse(null)).isEmpty();
        assertThat(IsoTimestamps.parse("yesterday")).isEmpty();
        assertThat(IsoTimestamps.parse("2026-11-27")).isEmpty();
        assertThat(IsoTimestamps.parse("2026-11-27T10:15:30Z" + " ".repeat(60))).isEmpty();
    }
}
