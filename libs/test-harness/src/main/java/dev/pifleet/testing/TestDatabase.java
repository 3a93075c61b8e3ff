package dev.pifleet.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * A PostgreSQL database created for one test run and dropped at its end.
 * The role comes from {@code PIFLEET_TEST_PG_USER}/{@code PIFLEET_TEST_PG_PASSWORD} (default pifleet/pifleet,
 * the role {@code scripts/test} creates with CREATEDB); the server from {@code PIFLEET_TEST_PG_HOST}/{@code _PORT}.
 */
public final class TestDatabase {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;

    private TestDatabase(String host, int port, String user, String password, String name) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static TestDatabase createFresh() {
        String name = "pifleet_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        TestDatabase database = new TestDatabase(env("PIFLEET_TEST_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env("PIFLEET_TEST_PG_PORT", "5432")), env("PIFLEET_TEST_PG_USER", "pifleet"),
                env("PIFLEET_TEST_PG_PASSWORD", "pifleet"), name);
        database.execute("CREATE DATABASE " + name);
        return database;
    }

    public String name() {
        return name;
    }

    /** The URI Parse Server's Postgres adapter takes as {@code DATABASE_URI}. */
    public String parseDatabaseUri() {
        return "postgres://" + user + ":" + password + "@" + host + ":" + port + "/" + name;
    }

    /** A connection to this database itself, for tests that must do what Parse cannot (a row stamped in the past). */
    public Connection connect() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + host + ":" + port + "/" + name, credentials);
    }

    public void drop() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        // The driver directly, not DriverManager: Quarkus test profiles restart the app in a new
        // class loader, where DriverManager does not see the driver.
        try (Connection connection = new org.postgresql.Driver().connect(url, credentials);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " as " + user + " refused `" + sql
                    + "`: " + e.getMessage() + " (./scripts/test starts PostgreSQL and creates the role)", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
