package dev.pifleet.agent.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buffer's schema version ({@code PRAGMA user_version}) and the migration of files written before it existed. */
class ReadingBufferSchemaTest {

    @TempDir
    Path dir;

    @Test
    void aNewBufferIsWrittenWithTheCurrentVersion() {
        try (ReadingBuffer buffer = ReadingBuffer.open(dir.resolve("r.db"), 10)) {
            assertThat(buffer.schemaVersion()).isEqualTo(ReadingBuffer.SCHEMA_VERSION).isPositive();
        }
    }

    @Test
    void aV0BufferIsMigratedKeepingEveryReadingInOrderAndItsCounters() throws Exception {
        Path file = dir.resolve("v0.db");
        List<Reading> readings = IntStream.range(0, 250).mapToObj(ReadingBufferTest::reading).toList();
        writeV0(file, readings, 7, 3);

        try (ReadingBuffer buffer = ReadingBuffer.open(file, 100_000)) {
            assertThat(buffer.schemaVersion()).isEqualTo(ReadingBuffer.SCHEMA_VERSION);
            assertThat(buffer.size()).isEqualTo(readings.size());
            assertThat(buffer.oldest(1000)).containsExactlyElementsOf(readings);
            assertThat(buffer.droppedWhenFull()).isEqualTo(7);
            assertThat(buffer.rejected()).isEqualTo(3);
            assertThat(buffer.oldestTimestamp()).contains(readings.getFirst().timestamp());
        }
        // A second open runs nothing again.
        try (ReadingBuffer again = ReadingBuffer.open(file, 100_000)) {
            assertThat(again.oldest(1000)).containsExactlyElementsOf(readings);
        }
    }

    @Test
    void aBufferFromANewerAgentIsRefusedAndLeftAsItIs() throws Exception {
        Path file = dir.resolve("newer.db");
        int newer = ReadingBuffer.SCHEMA_VERSION + 1;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE future (x TEXT)");
            sql.execute("PRAGMA user_version = " + newer);
        }

        assertThatThrownBy(() -> ReadingBuffer.open(file, 10))
                .isInstanceOf(ReadingBuffer.BufferException.class)
                .hasMessageContaining("schema version " + newer)
                .hasMessageContaining("newer agent");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(ReadingBuffer.userVersion(db)).isEqualTo(newer);
        }
    }

    /** The buffer exactly as agents before schema versioning wrote it (user_version 0). */
    private static void writeV0(Path file, List<Reading> readings, int droppedFull, int rejected) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement sql = db.createStatement()) {
                sql.execute("PRAGMA journal_mode=WAL");
                sql.execute("CREATE TABLE IF NOT EXISTS reading (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " id TEXT NOT NULL UNIQUE, timestamp TEXT NOT NULL, sensors TEXT NOT NULL)");
                sql.execute("CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
                sql.execute("INSERT OR IGNORE INTO counter (name, value) VALUES ('dropped_full', " + droppedFull
                        + "), ('rejected', " + rejected + ")");
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO reading (id, timestamp, sensors) VALUES (?, ?, ?)")) {
                for (Reading reading : readings) {
                    insert.setString(1, reading.id());
                    insert.setString(2, reading.timestamp().toString());
                    insert.setString(3, "{\"temperature\":" + reading.sensors().get("temperature") + "}");
                    insert.executeUpdate();
                }
            }
            assertThat(ReadingBuffer.userVersion(db)).isZero();
        }
    }
}
