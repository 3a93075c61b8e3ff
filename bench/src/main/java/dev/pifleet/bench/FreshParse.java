package dev.pifleet.bench;

import dev.pifleet.testing.ParseServerProcess;
import dev.pifleet.testing.TestDatabase;

/** A fresh database and the project's Parse Server on it, for one benchmark run: stopped and dropped at exit. */
record FreshParse(TestDatabase database, ParseServerProcess server) {

    static FreshParse start() {
        TestDatabase database = TestDatabase.createFresh();
        ParseServerProcess server = new ParseServerProcess(database.parseDatabaseUri());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            database.drop();
        }, "drop-bench-database"));
        server.start();
        return new FreshParse(database, server);
    }
}
