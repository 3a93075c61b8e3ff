package dev.pifleet.agent.sender;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.pifleet.agent.AgentJson;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * Readings waiting for the cloud, in SQLite (WAL, synchronous=FULL): a reading is on disk before it is ever sent,
 * and leaves only after the ingest has answered 200 for it, so a kill at any moment loses nothing acknowledged.
 * Bounded: when full, the oldest readings are dropped and counted. The file's schema version is SQLite's
 * {@code PRAGMA user_version}; {@link #MIGRATIONS} bring an older file up to date when it is opened.
 */
public final class ReadingBuffer implements AutoCloseable {

    public static final String FILE_NAME = "readings.db";

    /**
     * Entry {@code i} takes a file from schema version {@code i} to {@code i + 1}, in one transaction with the new
     * version number. Append only: a released entry is never edited, since Pis in the field have run it.
     */
    static final List<List<String>> MIGRATIONS = List.of(
            // 1: the first schema. Files from before versioning (user_version 0) already have it: IF NOT EXISTS keeps
            // their readings and counters as they are.
            List.of("CREATE TABLE IF NOT EXISTS reading (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                            + " id TEXT NOT NULL UNIQUE, timestamp TEXT NOT NULL, sensors TEXT NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
                    "INSERT OR IGNORE INTO counter (name, value) VALUES ('dropped_full', 0), ('rejected', 0)"));

    /** The schema version this agent writes. */
    public static final int SCHEMA_VERSION = MIGRATIONS.size();

    private static final TypeReference<Map<String, Double>> SENSORS = new TypeReference<>() {
    };

    private final Connection db;
    private final int maxReadings;

    private ReadingBuffer(Connection db, int maxReadings) {
        this.db = db;
        this.maxReadings = maxReadings;
    }

    public static ReadingBuffer open(Path file, int maxReadings) {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("the buffer must hold at least one reading");
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL: on a Pi the usual failure is the power going, not just the process.
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(5000);
            // Straight to the driver, not DriverManager: no service lookup (native image, test class loaders).
            Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                migrate(db, file);
            } catch (SQLException | RuntimeException e) {
                db.close();
                throw e;
            }
            return new ReadingBuffer(db, maxReadings);
        } catch (SQLException e) {
            throw new BufferException("cannot open the reading buffer " + file, e);
        }
    }

    /**
     * Runs the migrations the file has not had yet. A file from a newer agent (a package downgrade) is refused rather
     * than guessed at: its readings stay in it for that newer agent.
     */
    private static void migrate(Connection db, Path file) throws SQLException {
        int version = userVersion(db);
        if (version > SCHEMA_VERSION) {
            throw new BufferException("the reading buffer " + file + " has schema version " + version
                    + ", written by a newer agent (this one knows up to " + SCHEMA_VERSION + "): install the newer"
                    + " agent again, or move the file away to start with an empty buffer", null);
        }
        for (int from = version; from < SCHEMA_VERSION; from++) {
            db.setAutoCommit(false);
            try (Statement sql = db.createStatement()) {
                for (String statement : MIGRATIONS.get(from)) {
                    sql.execute(statement);
                }
                sql.execute("PRAGMA user_version = " + (from + 1));
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        }
    }

    static int userVersion(Connection db) throws SQLException {
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** The schema version of this buffer's file. */
    public synchronized int schemaVersion() {
        try {
            return userVersion(db);
        } catch (SQLException e) {
            throw new BufferException("cannot read the reading buffer", e);
        }
    }

    /** Stores the reading; drops the oldest ones if that takes the buffer over its bound. */
    public synchronized void add(Reading reading) {
        inTransaction(() -> {
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT OR IGNORE INTO reading (id, timestamp, sensors) VALUES (?, ?, ?)")) {
                insert.setString(1, reading.id());
                insert.setString(2, reading.timestamp().toString());
                insert.setString(3, AgentJson.MAPPER.writeValueAsString(reading.sensors()));
                insert.executeUpdate();
            }
            int dropped;
            try (PreparedStatement trim = db.prepareStatement("DELETE FROM reading WHERE seq IN"
                    + " (SELECT seq FROM reading ORDER BY seq DESC LIMIT -1 OFFSET ?)")) {
                trim.setInt(1, maxReadings);
                dropped = trim.executeUpdate();
            }
            addToCounter("dropped_full", dropped);
        });
    }

    /** The oldest readings, at most {@code limit}, oldest first. */
    public synchronized List<Reading> oldest(int limit) {
        try (PreparedStatement select = db.prepareStatement(
                "SELECT id, timestamp, sensors FROM reading ORDER BY seq LIMIT ?")) {
            select.setInt(1, limit);
            List<Reading> readings = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    readings.add(new Reading(rows.getString(1), Instant.parse(rows.getString(2)),
                            AgentJson.MAPPER.readValue(rows.getString(3), SENSORS)));
                }
            }
            return readings;
        } catch (SQLException | JsonProcessingException e) {
            throw new BufferException("cannot read the reading buffer", e);
        }
    }

    /** Removes readings the cloud has stored. */
    public synchronized void remove(Collection<String> ids) {
        inTransaction(() -> delete(ids));
    }

    /** Removes readings the ingest refused as invalid, and counts them: resending them would fail forever. */
    public synchronized void reject(Collection<String> ids) {
        inTransaction(() -> addToCounter("rejected", delete(ids)));
    }

    /** The timestamp of the oldest buffered reading, if any. */
    public synchronized Optional<Instant> oldestTimestamp() {
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT timestamp FROM reading ORDER BY seq LIMIT 1")) {
            return rows.next() ? Optional.of(Instant.parse(rows.getString(1))) : Optional.empty();
        } catch (SQLException e) {
            throw new BufferException("cannot read the reading buffer", e);
        }
    }

    public synchronized long size() {
        return queryLong("SELECT COUNT(*) FROM reading");
    }

    /** Readings lost because the buffer was full, since the buffer was created. */
    public synchronized long droppedWhenFull() {
        return queryLong("SELECT value FROM counter WHERE name = 'dropped_full'");
    }

    /** Readings the ingest refused as invalid and that were therefore discarded. */
    public synchronized long rejected() {
        return queryLong("SELECT value FROM counter WHERE name = 'rejected'");
    }

    public int maxReadings() {
        return maxReadings;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new BufferException("cannot close the reading buffer", e);
        }
    }

    private int delete(Collection<String> ids) throws SQLException {
        int removed = 0;
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM reading WHERE id = ?")) {
            for (String id : ids) {
                delete.setString(1, id);
                removed += delete.executeUpdate();
            }
        }
        return removed;
    }

    private void addToCounter(String name, int amount) throws SQLException {
        if (amount == 0) {
            return;
        }
        try (PreparedStatement update = db.prepareStatement("UPDATE counter SET value = value + ? WHERE name = ?")) {
            update.setInt(1, amount);
            update.setString(2, name);
            update.executeUpdate();
        }
    }

    private long queryLong(String query) {
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(query)) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw new BufferException("cannot read the reading buffer", e);
        }
    }

    private interface Work {
        void run() throws SQLException, JsonProcessingException;
    }

    private void inTransaction(Work work) {
        try {
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new BufferException("cannot write the reading buffer", e);
        }
    }

    /** The buffer's file cannot be used (disk full, permissions, corruption). */
    public static final class BufferException extends RuntimeException {
        BufferException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
