package dev.pifleet.ingest.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pifleet.service.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingCursorTest {

    @Test
    void longestCursorFitsTheLengthLimitAndComesBack() {
        ReadingCursor longest = new ReadingCursor(Instant.ofEpochMilli(-999_999_999_999_999L), "o".repeat(32));

        String encoded = longest.encode("device-1");

        assertThat(encoded).hasSizeLessThanOrEqualTo(ReadingCursor.MAX_LENGTH);
        assertThat(ReadingCursor.decode(encoded, "device-1")).isEqualTo(longest);
    }

    @Test
    void cursorLongerThanTheLimitIsABadRequestNamingTheCursor() {
        assertThatThrownBy(() -> ReadingCursor.decode("A".repeat(ReadingCursor.MAX_LENGTH + 1), "device-1"))
                .isInstanceOfSatisfying(ApiException.class, refused -> assertThat(refused.getMessage()).contains("at most"));
    }

    @Test
    void cursorOfAnotherDeviceIsRefused() {
        String encoded = new ReadingCursor(Instant.parse("2026-11-27T10:15:30Z"), "abc123").encode("device-1");

        assertThatThrownBy(() -> ReadingCursor.decode(encoded, "device-2")).isInstanceOf(ApiException.class);
    }
}
