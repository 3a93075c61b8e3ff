package dev.pifleet.testing;

/**
 * One fresh database and one Parse Server for a whole test JVM (one module's run):
 * started on first use, stopped and dropped when the JVM exits.
 */
public final class ParseStack {

    private static ParseStack shared;

    private final TestDatabase database;
    private final ParseServerProcess parseServer;

    private ParseStack() {
        this.database = TestDatabase.createFresh();
        this.parseServer = new ParseServerProcess(database.parseDatabaseUri());
        // Stop Parse before dropping its database; FORCE covers connections still closing.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            parseServer.stop();
            database.drop();
        }, "drop-test-database"));
        parseServer.start();
    }

    public static synchronized ParseStack shared() {
        if (shared == null) {
            shared = new ParseStack();
        }
        return shared;
    }

    public ParseServerProcess parseServer() {
        return parseServer;
    }

    public TestDatabase database() {
        return database;
    }
}
