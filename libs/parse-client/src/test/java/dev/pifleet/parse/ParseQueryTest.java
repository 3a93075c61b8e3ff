package dev.pifleet.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure unit checks of how typed constraints become Parse's where JSON. */
class ParseQueryTest {

    @Test
    void maxLimitIsTheOneParseServerIsStartedWith() throws IOException {
        // The module's tests run in libs/parse-client; Parse's options are in parse-server/index.js.
        String server = Files.readString(Path.of("../../parse-server/index.js"));
        assertThat(server).contains("maxLimit: " + ParseQuery.MAX_LIMIT + ",");
    }

    @Test
    void equalityIsALiteralValueEvenWhenItLooksLikeJson() {
        String where = ParseQuery.of("Device").equalTo("deviceId", "{\"$ne\":null}").whereJson();
        assertThat(where).isEqualTo("{\"deviceId\":\"{\\\"$ne\\\":null}\"}");
    }

    @Test
    void operatorsOnOneFieldMerge() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-01-02T00:00:00Z");
        String where = ParseQuery.of("SensorLog").greaterThanOrEqualTo("timestamp", from).lessThan("timestamp", to).whereJson();
        assertThat(where).isEqualTo("{\"timestamp\":{\"$gte\":{\"__type\":\"Date\",\"iso\":\"2026-01-01T00:00:00Z\"},"
                + "\"$lt\":{\"__type\":\"Date\",\"iso\":\"2026-01-02T00:00:00Z\"}}}");
    }

    @Test
    void equalityAfterAnOperatorBecomesEq() {
        String where = ParseQuery.of("Device").notEqualTo("status", "offline").equalTo("status", "online").whereJson();
        assertThat(where).isEqualTo("{\"status\":{\"$ne\":\"offline\",\"$eq\":\"online\"}}");
    }

    @Test
    void fieldAndClassNamesMustBePlainIdentifiers() {
        assertThatThrownBy(() -> ParseQuery.of("Device").equalTo("$where", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParseQuery.of("Device").orderBy("a,b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParseQuery.of("../users")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParseQuery.of("Device").containedIn("deviceId", List.of("a", null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void emptyQueryHasNoWhere() {
        assertThat(ParseQuery.of("Device").whereJson()).isNull();
    }
}
