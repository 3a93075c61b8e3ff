package dev.pifleet.bench.faults;

import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** SensorLog rows per reading id of some devices, counted straight from Parse's PostgreSQL table. */
final class StoredRows {

    private StoredRows() {
    }

    /** @param deviceObjectIds the Device rows' objectIds (a SensorLog's {@code device} pointer column holds them) */
    static Map<String, Long> perReadingId(String parseDatabaseUri, Collection<String> deviceObjectIds)
            throws SQLException {
        URI uri = URI.create(parseDatabaseUri);
        String[] credentials = uri.getUserInfo().split(":", 2);
        Properties properties = new Properties();
        properties.setProperty("user", credentials[0]);
        properties.setProperty("password", credentials[1]);
        String url = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        Map<String, Long> rows = new HashMap<>();
        try (Connection connection = new org.postgresql.Driver().connect(url, properties);
             PreparedStatement query = connection.prepareStatement(
                     "SELECT \"readingId\", count(*) FROM \"SensorLog\" WHERE \"device\" = ANY(?) GROUP BY 1")) {
            Array devices = connection.createArrayOf("text", deviceObjectIds.toArray());
            query.setArray(1, devices);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getLong(2));
                }
            }
        }
        return rows;
    }
}
