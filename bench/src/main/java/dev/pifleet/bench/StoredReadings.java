package dev.pifleet.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts SensorLog rows per device straight from Parse's PostgreSQL tables, after the load: an independent,
 * exact count (Parse's own {@code count} is an estimate without a {@code where}, and a per-device REST count for
 * thousands of devices would take longer than the check is worth).
 */
final class StoredReadings {

    private StoredReadings() {
    }

    /** @param parseDatabaseUri {@code postgres://user:password@host:port/name}, as Parse Server takes it */
    static Map<String, Long> countByDevice(String parseDatabaseUri) throws SQLException {
        URI uri = URI.create(parseDatabaseUri);
        String[] credentials = uri.getUserInfo().split(":", 2);
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials[0], credentials[1]);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"device\", count(*) FROM \"SensorLog\" GROUP BY 1")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    static String postgresVersion(String parseDatabaseUri) {
        URI uri = URI.create(parseDatabaseUri);
        String[] credentials = uri.getUserInfo().split(":", 2);
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials[0], credentials[1]);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW server_version")) {
            return rows.next() ? rows.getString(1) : "unknown";
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
