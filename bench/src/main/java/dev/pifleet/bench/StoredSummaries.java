package dev.pifleet.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every hour and day summary (SensorRollup) against the raw readings, straight from Parse's PostgreSQL
 * tables: an independent count of what the rollup job wrote, for readings that all carry the given sensor.
 */
final class StoredSummaries {

    private StoredSummaries() {
    }

    /** The buckets whose summary counts a different number of readings than SensorLog holds, at most 20. */
    static List<String> mismatches(String parseDatabaseUri, String sensor) throws SQLException {
        URI uri = URI.create(parseDatabaseUri);
        String[] credentials = uri.getUserInfo().split(":", 2);
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        List<String> found = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials[0], credentials[1]);
             Statement statement = connection.createStatement()) {
            for (String[] resolution : new String[][] {{"h", "hour"}, {"d", "day"}}) {
                String sql = "WITH raw AS (SELECT \"device\", date_trunc('" + resolution[1] + "', \"timestamp\", 'UTC') AS b, "
                        + "count(*) AS n FROM \"SensorLog\" GROUP BY 1, 2) "
                        + "SELECT raw.b, raw.n, (r.sensors->'" + sensor + "'->>'n')::bigint FROM raw LEFT JOIN \"SensorRollup\" r "
                        + "ON r.\"device\" = raw.\"device\" AND r.resolution = '" + resolution[0] + "' AND r.bucket = raw.b "
                        + "WHERE r.\"objectId\" IS NULL OR (r.sensors->'" + sensor + "'->>'n')::bigint <> raw.n ORDER BY 1 LIMIT 20";
                try (ResultSet rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        found.add(resolution[1] + " " + rows.getTimestamp(1).toInstant() + ": " + rows.getLong(2)
                                + " readings, summary " + rows.getString(3));
                    }
                }
            }
        }
        return found;
    }
}
