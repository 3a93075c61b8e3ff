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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code credentials.json} in the state folder, mode 0600 from the moment it exists: it is written to a temp file
 * created with owner-only permissions and moved over the old one, so no reader ever sees it half-written or open.
 * Also remembers (in memory) that the cloud refused the current key, which stops uploads until a new key arrives.
 */
public final class CredentialsStore {

    public static final String FILE_NAME = "credentials.json";

    private final Path file;
    private final AtomicReference<String> rejectedKey = new AtomicReference<>();

    public CredentialsStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    /** Read on every use: the file is the truth, and it is a few bytes. */
    public synchronized Optional<Credentials> current() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentJson.MAPPER.readValue(file.toFile(), Credentials.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The key to call the cloud with, unless there is none or the cloud has refused it. */
    public Optional<String> usableKey() {
        return current().map(Credentials::apiKey).filter(key -> !key.equals(rejectedKey.get()));
    }

    public boolean rePairingNeeded() {
        return current().map(credentials -> credentials.apiKey().equals(rejectedKey.get())).orElse(false);
    }

    /** The cloud answered 401 for this key; a key saved since then is not affected. */
    public void markRejected(String apiKey) {
        rejectedKey.set(apiKey);
    }

    public synchronized void save(Credentials credentials) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                AgentJson.MAPPER.writeValue(out, credentials);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            rejectedKey.set(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
