package dev.pifleet.agent.sender;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the heartbeat tells about the machine: its OS, kernel and free disk. */
public final class HostFacts {

    private static final int MAX = 128;

    private HostFacts() {
    }

    /** PRETTY_NAME of os-release (e.g. "Debian GNU/Linux 12 (bookworm)"), else the JVM's os.name. */
    public static String os(Path osRelease) {
        return cut(prettyName(osRelease).orElse(System.getProperty("os.name", "unknown")));
    }

    /** The kernel release, as {@code uname -r} prints it (the JVM's os.version is that on Linux). */
    public static String kernel() {
        return cut(System.getProperty("os.version", "unknown"));
    }

    /** Bytes the agent could still write in its state folder; empty when the folder cannot be looked at. */
    public static Optional<Long> freeDisk(Path stateDir) {
        try {
            return Optional.of(Files.getFileStore(stateDir).getUsableSpace());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<String> prettyName(Path osRelease) {
        try {
            for (String line : Files.readAllLines(osRelease)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    String value = line.substring("PRETTY_NAME=".length()).strip();
                    if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))
                            && value.endsWith(value.substring(0, 1))) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value.isBlank() ? Optional.empty() : Optional.of(value);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // Not every system has one; os.name is the fallback.
        }
        return Optional.empty();
    }

    private static String cut(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX);
    }
}
