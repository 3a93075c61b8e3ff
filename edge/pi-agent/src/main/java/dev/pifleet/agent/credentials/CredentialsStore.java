package dev.pifleet.agent.credentials;

import dev.pifleet.agent.pairing.Credentials;
import dev.pifleet.agent.pairing.OwnerOnlyFile;
import dev.pifleet.agent.pairing.PairingMethod;
import dev.pifleet.agent.AgentJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code credentials.json} in the state folder, mode 0600 from the moment it exists ({@link OwnerOnlyFile}).
 * Also remembers (in memory) that the cloud refused the current key, which stops uploads and starts a code claim.
 */
public final class CredentialsStore {

    private final java.util.List<Runnable> newPairingListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public static final String FILE_NAME = "credentials.json";

    private final Path file;
    private final AtomicReference<String> rejectedKey = new AtomicReference<>();

    public CredentialsStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    /** Read on every use: the file is the truth, and it is a few bytes. One without a key (edited by hand) is none. */
    public synchronized Optional<Credentials> current() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentJson.MAPPER.readValue(file.toFile(), Credentials.class))
                    .filter(credentials -> credentials.apiKey() != null);
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
        OwnerOnlyFile.writeJson(file, credentials);
        rejectedKey.set(null);
    }

    /**
     * Keys from a new pairing (not a rotation): the device may be a new record in the cloud, whose settings' versions
     * start again, so what belonged to the old pairing is dropped first (a crash in between leaves the Pi unpaired,
     * never paired with the old pairing's settings).
     */
    public void savePairing(Credentials credentials) {
        newPairingListeners.forEach(Runnable::run);
        save(credentials);
    }

    /** Called before the keys of a new pairing are stored. */
    public void onNewPairing(Runnable listener) {
        newPairingListeners.add(listener);
    }

    /** Unpaired: the key is forgotten, and claim mode (a new code) follows by itself. */
    public synchronized void forget() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
        rejectedKey.set(null);
    }

    /**
     * The agent needs a code claim: no key, the cloud refused the key, or the key came from the LAN flow (which has no
     * proof of possession, so a code claim must be able to take the device over).
     */
    public boolean claimNeeded() {
        Optional<Credentials> stored = current();
        return stored.isEmpty() || stored.get().method() == PairingMethod.LEGACY
                || stored.get().apiKey().equals(rejectedKey.get());
    }

    /** Paired by code with a key the cloud has not refused. */
    public boolean pairedByCode() {
        return !claimNeeded();
    }

    public Path file() {
        return file;
    }
}
