package dev.pifleet.agent.pairing;

import dev.pifleet.agent.AgentJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a secret JSON file with mode 0600 from the moment it exists: a temp file created with owner-only permissions,
 * synced, then moved over the old one, so no reader ever sees it half-written or readable by others. The folder is
 * synced after the move, so the new file (not the old one, nor none) is there after a power cut.
 */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    public static void writeJson(Path file, Object value) {
        writeJson(file, value, "rw-------");
    }

    /** The same atomic, synced write with another mode: e.g. the updater's journal, which the agent reads (0644). */
    public static void writeJson(Path file, Object value, String mode) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            try {
                try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                    AgentJson.MAPPER.writeValue(out, value);
                }
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                    folder.force(true);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
