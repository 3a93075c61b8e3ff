package dev.pifleet.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout's root and the folders the harness writes to. */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    /** The repository root: the folder holding {@code parse-server/index.js}. */
    public static Path root() {
        String configured = System.getProperty("pifleet.root");
        if (configured != null && Files.exists(Path.of(configured, "parse-server", "index.js"))) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("parse-server").resolve("index.js"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the pifleet checkout (no parse-server/index.js above "
                + Path.of("").toAbsolutePath() + ")");
    }

    /** Where process logs of this module's test run go: {@code target/test-processes}. */
    public static Path processLogs() {
        Path logs = Path.of("target", "test-processes").toAbsolutePath();
        try {
            Files.createDirectories(logs);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + logs, e);
        }
        return logs;
    }
}
